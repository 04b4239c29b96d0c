/**
 * The typed form of a k6-style threshold. Parsed once from text (`p(95)<200ms`), evaluated many
 * times (the runner may evaluate a partial phase every second for `abortOnFail`).
 */

export type ThresholdMetric = 'latency' | 'errors' | 'status' | 'rps' | 'requests' | 'checks';

export type Aggregate =
  | { fn: 'p'; percentile: number }
  | { fn: 'avg' | 'min' | 'max' | 'med' | 'rate' | 'count' };

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Threshold {
  metric: ThresholdMetric;
  /** `{request:checkout,status:2xx}` → { request: 'checkout', status: '2xx' }. */
  tags: Record<string, string>;
  aggregate: Aggregate;
  op: Operator;
  /** In the metric's base unit: ms for latency, a 0..1 fraction for rates, plain numbers otherwise. */
  value: number;
  /** The metric key as written, `latency{request:a}`. */
  key: string;
  /** The expression as written, `p(95)<200ms`. */
  expression: string;
  /** Both, `latency{request:a}: p(95)<200ms`, for messages and reports. */
  source: string;
  abortOnFail: boolean;
}
