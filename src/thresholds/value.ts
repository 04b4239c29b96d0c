import type { Aggregate } from './types.js';
import type { MetricRule } from './metric-rules.js';

const DURATION_MS: Record<string, number> = { us: 0.001, 'µs': 0.001, ms: 1, s: 1000, m: 60_000 };

/**
 * Reads the right-hand side of an expression into the metric's base unit, or returns a short
 * description of what would be valid. Counts take plain numbers; rates take 0..1 or a percentage.
 */
export function parseThresholdValue(text: string, rule: MetricRule, agg: Aggregate): number | { valid: string } {
  const m = /^(-?\d+(?:\.\d+)?|-?\.\d+)\s*(us|µs|ms|s|m|%)?$/.exec(text);
  const unit = m?.[2];
  if (agg.fn === 'count') {
    if (!m || unit) return { valid: 'a plain number of occurrences, e.g. count==0 or count<10' };
    return Number(m[1]);
  }
  if (rule.unit === 'duration') {
    if (!m || unit === '%') return { valid: 'a duration in ms (default) or with a unit: 200, 200ms, 1.5s, 500us' };
    return Number(m[1]) * DURATION_MS[unit ?? 'ms'];
  }
  if (rule.unit === 'fraction') {
    if (!m || (unit && unit !== '%')) return { valid: 'a fraction 0..1 or a percentage, e.g. rate<0.01 or rate<1%' };
    const v = unit === '%' ? Number(m[1]) / 100 : Number(m[1]);
    if (v < 0 || v > 1) return { valid: 'a fraction between 0 and 1 (or 0%..100%)' };
    return v;
  }
  if (!m || unit) return { valid: 'a plain number, e.g. avg>500' };
  return Number(m[1]);
}
