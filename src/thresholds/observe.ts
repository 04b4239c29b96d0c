import type { PhaseResult, RequestStats } from '../model/result.js';
import type { Threshold } from './types.js';
import { latencyHistogram } from './latency-source.js';
import type { Histogram } from '../metrics/histogram.js';

/** The observed value of a threshold's metric, or why it cannot be observed (→ inconclusive). */
export type Observation =
  | { value: number; note?: string; /** ms; set when HDR bucketing leaves the true value anywhere in [lo, value]. */ lowest?: number }
  | { value: null; missing: string };

interface Counts {
  requests: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  rps: number;
}

/** Reads one threshold's metric from a (possibly partial) phase. Pure: no clock, no I/O. */
export function observe(t: Threshold, phase: PhaseResult): Observation {
  const scope = selectRequests(t, phase);
  if ('missing' in scope) return { value: null, missing: scope.missing };
  switch (t.metric) {
    case 'latency':
      return observeLatency(t, scope.requests);
    case 'errors': {
      const c = scope.counts;
      const n = errorCount(c);
      if (t.aggregate.fn === 'count') return { value: n };
      return c.requests > 0 ? { value: n / c.requests } : { value: null, missing: 'no requests were sent' };
    }
    case 'status': {
      const c = scope.counts;
      const n = statusCount(c.statuses, t.tags);
      if (t.aggregate.fn === 'count') return { value: n };
      return c.requests > 0 ? { value: n / c.requests } : { value: null, missing: 'no requests were sent' };
    }
    case 'rps':
      return { value: scope.counts.rps };
    case 'requests':
      return { value: scope.counts.requests };
    case 'checks': {
      const judged = phase.checks.filter((c) => !c.inconclusive);
      const skipped = phase.checks.length - judged.length;
      if (judged.length === 0) {
        return { value: null, missing: phase.checks.length === 0 ? 'the phase has no checks' : `all ${skipped} checks were inconclusive` };
      }
      const rate = judged.filter((c) => c.passed).length / judged.length;
      return skipped > 0 ? { value: rate, note: `${skipped} inconclusive check(s) not counted` } : { value: rate };
    }
  }
}

/**
 * Errors are requests that got no answer (timeouts, resets, refused...) plus 5xx answers. 429 and
 * other 4xx are answers the server chose to give, judged with status{...} thresholds instead.
 */
export function errorCount(c: Pick<Counts, 'statuses' | 'errors'>): number {
  let n = 0;
  for (const v of Object.values(c.errors)) n += v;
  for (const [code, v] of Object.entries(c.statuses)) if (Number(code) >= 500) n += v;
  return n;
}

/** `class:4xx` means 400–499 except 429, which is its own class (as in the result histograms). */
function statusCount(statuses: Record<string, number>, tags: Record<string, string>): number {
  let n = 0;
  for (const [codeText, v] of Object.entries(statuses)) {
    const code = Number(codeText);
    if (tags.code !== undefined ? code === Number(tags.code) : classOf(code) === tags.class) n += v;
  }
  return n;
}

function classOf(code: number): string {
  if (code === 429) return '429';
  return `${Math.floor(code / 100)}xx`;
}

function observeLatency(t: Threshold, requests: readonly RequestStats[]): Observation {
  const src = latencyHistogram(requests, t.tags.status, t.tags.timing);
  if ('missing' in src) return { value: null, missing: src.missing };
  const h = src.histogram;
  switch (t.aggregate.fn) {
    case 'p': return percentileObservation(h, t.aggregate.percentile);
    case 'med': return percentileObservation(h, 50);
    case 'avg': return { value: h.mean / 1000 };
    case 'min': return { value: h.minNonZeroValue / 1000 };
    case 'max': return { value: h.maxValue / 1000 };
    default: return { value: null, missing: `aggregate ${t.aggregate.fn} does not apply to latency` };
  }
}

/**
 * HDR reports a percentile as the highest value of its bucket (at 3 significant digits, 200 ms
 * samples read 200.063 ms), and an encoded histogram keeps only buckets, so the true value lies
 * anywhere from the bucket's lowest value to that. Both ends are returned so the evaluator can
 * tell a bound that falls inside the bucket (too close to judge) from one that does not.
 */
function percentileObservation(h: Histogram, percentile: number): Observation {
  const high = Math.min(h.getValueAtPercentile(percentile), h.maxValue);
  const lowOf = (h as { lowestEquivalentValue?: (v: number) => number }).lowestEquivalentValue;
  const low = Math.max(typeof lowOf === 'function' ? lowOf.call(h, high) : high, h.minNonZeroValue);
  return low < high ? { value: high / 1000, lowest: low / 1000 } : { value: high / 1000 };
}

function selectRequests(t: Threshold, phase: PhaseResult): { requests: RequestStats[]; counts: Counts } | { missing: string } {
  const name = t.tags.request;
  if (name === undefined) {
    const tot = phase.totals;
    return { requests: phase.requests, counts: { requests: tot.requests, statuses: tot.statuses, errors: tot.errors, rps: tot.rps } };
  }
  const r = phase.requests.find((x) => x.name === name);
  if (!r) {
    const names = phase.requests.map((x) => x.name);
    return { missing: `phase "${phase.name}" has no request named "${name}" (requests: ${names.length ? names.join(', ') : 'none'})` };
  }
  return { requests: [r], counts: { requests: r.requests, statuses: r.statuses, errors: r.errors, rps: r.rps } };
}
