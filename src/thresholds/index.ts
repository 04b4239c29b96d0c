export type { Threshold, Aggregate, Operator, ThresholdMetric } from './types.js';
export { parseThresholds, parseThresholdFlag, parseThresholdFlags } from './parse.js';
export { evaluateThresholds, evaluateOne } from './evaluate.js';
export { errorCount } from './observe.js';
