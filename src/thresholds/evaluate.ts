import type { PhaseResult, ThresholdResult } from '../model/result.js';
import type { Operator, Threshold } from './types.js';
import { observe } from './observe.js';

const COMPARE: Record<Operator, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/**
 * Judges thresholds on a phase (complete or partial). Every result carries the observed value; a
 * metric with no data is inconclusive (passed: false, inconclusive: true), never a silent pass.
 */
export function evaluateThresholds(ts: readonly Threshold[], phase: PhaseResult): ThresholdResult[] {
  return ts.map((t) => evaluateOne(t, phase));
}

export function evaluateOne(t: Threshold, phase: PhaseResult): ThresholdResult {
  const base = { metric: t.key, expression: t.expression, ...(t.abortOnFail ? { abortOnFail: true } : {}) };
  const o = observe(t, phase);
  if (o.value === null) {
    return { ...base, passed: false, inconclusive: true, observed: null, message: `${t.source}: cannot be judged: ${o.missing}` };
  }
  if (o.lowest !== undefined && COMPARE[t.op](o.lowest, t.value) !== COMPARE[t.op](o.value, t.value)) {
    const within = `${aggregateName(t)} is between ${formatObserved(t, o.lowest)} and ${formatObserved(t, o.value)} (HDR histogram resolution)`;
    return { ...base, passed: false, inconclusive: true, observed: o.value, message: `${t.source}: cannot be judged: ${within}, and the bound ${t.op}${formatObserved(t, t.value)} falls inside that range` };
  }
  const passed = COMPARE[t.op](o.value, t.value);
  const seen = `${aggregateName(t)}=${formatObserved(t, o.value)}`;
  const note = o.note ? ` (${o.note})` : '';
  const message = passed
    ? `${t.source}: passed, ${seen}${note}`
    : `${t.source}: FAILED, ${seen}, expected ${t.op}${formatObserved(t, t.value)}${note}`;
  return { ...base, passed, observed: o.value, message };
}

function aggregateName(t: Threshold): string {
  return t.aggregate.fn === 'p' ? `p(${t.aggregate.percentile})` : t.aggregate.fn;
}

/** Values in the metric's unit, rounded for reading (the exact value stays in `observed`). */
export function formatObserved(t: Threshold, v: number): string {
  if (t.metric === 'latency') return `${+v.toFixed(3)}ms`;
  if (t.aggregate.fn === 'rate') return `${+v.toFixed(6)} (${+(v * 100).toFixed(4)}%)`;
  return `${+v.toFixed(3)}`;
}
