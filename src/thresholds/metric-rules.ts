import type { Aggregate, ThresholdMetric } from './types.js';

/** Which aggregates, tags and value units each metric accepts: the grammar's only table. */
export interface MetricRule {
  aggregates: ReadonlyArray<Aggregate['fn']>;
  /** Tag name → allowed values (null: any non-empty text, e.g. a request name). */
  tags: Readonly<Record<string, readonly string[] | null>>;
  /** How the right-hand side reads: durations (ms default), fractions (or %), or plain numbers. */
  unit: 'duration' | 'fraction' | 'number';
  /** Tags of which exactly one must be given (status needs code or class). */
  requireOneOf?: readonly string[];
}

export const LATENCY_STATUS_VALUES = ['success', 'all', '1xx', '2xx', '3xx', '4xx', '429', '5xx'] as const;
const STATUS_CLASS_VALUES = ['1xx', '2xx', '3xx', '4xx', '429', '5xx'] as const;

export const METRIC_RULES: Readonly<Record<ThresholdMetric, MetricRule>> = {
  latency: {
    aggregates: ['p', 'avg', 'min', 'max', 'med'],
    tags: { request: null, status: LATENCY_STATUS_VALUES, timing: ['response', 'intended'] },
    unit: 'duration',
  },
  errors: { aggregates: ['rate', 'count'], tags: { request: null }, unit: 'fraction' },
  status: {
    aggregates: ['count', 'rate'],
    tags: { request: null, code: null, class: STATUS_CLASS_VALUES },
    unit: 'fraction',
    requireOneOf: ['code', 'class'],
  },
  rps: { aggregates: ['avg'], tags: { request: null }, unit: 'number' },
  requests: { aggregates: ['count'], tags: { request: null }, unit: 'number' },
  checks: { aggregates: ['rate'], tags: {}, unit: 'fraction' },
};

export const METRIC_NAMES = Object.keys(METRIC_RULES) as ThresholdMetric[];

export function isMetric(name: string): name is ThresholdMetric {
  return Object.prototype.hasOwnProperty.call(METRIC_RULES, name);
}

export function aggregateLabel(fn: Aggregate['fn']): string {
  return fn === 'p' ? 'p(N)' : fn;
}
