import type { Aggregate } from './types.js';
import type { MetricRule } from './metric-rules.js';

/**
 * Unit → ms by shifting the decimal point in the text ("1900e-3"), so the parsed value is the
 * nearest double to what was written: 1900 * 0.001 would give 1.9000000000000001 and make
 * `p(95)<1900us` pass for an observed 1.9 ms.
 */
const TO_MS: Record<string, (text: string) => number> = {
  us: (t) => Number(`${t}e-3`),
  'µs': (t) => Number(`${t}e-3`),
  ms: (t) => Number(t),
  s: (t) => Number(`${t}e3`),
  m: (t) => Number(t) * 60_000,
};

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
    return TO_MS[unit ?? 'ms'](m[1]);
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
