import * as hdr from 'hdr-histogram-js';
import type { LatencySummary } from '../model/result.js';

/**
 * Histograms record microseconds: 1 µs to 1 hour at 3 significant digits is ~0.1% error, which is
 * finer than anything loopback timers can resolve, and keeps each histogram a few tens of KB.
 */
export const HIGHEST_TRACKABLE_US = 3_600_000_000;

export type Histogram = hdr.Histogram;

export function createHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 32,
    useWebAssembly: false,
  });
}

/** Microseconds → milliseconds with µs precision kept (3 decimals). */
const ms = (us: number): number => Math.round(us) / 1000;

export function summarize(h: Histogram): LatencySummary {
  if (h.totalCount === 0) {
    return { count: 0, min: 0, mean: 0, stdev: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  }
  // A percentile reads the top of its bucket (up to 0.1% above the samples in it); capping at the
  // recorded max keeps "p99 > max" out of reports.
  const max = h.maxValue;
  const at = (q: number): number => ms(Math.min(h.getValueAtPercentile(q), max));
  return {
    count: h.totalCount,
    min: ms(h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : h.minNonZeroValue),
    mean: ms(h.mean),
    stdev: ms(h.stdDeviation),
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: ms(max),
  };
}

export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Merges several histograms into a new one (inputs untouched). */
export function mergeHistograms(hs: Iterable<Histogram>): Histogram {
  const out = createHistogram();
  for (const h of hs) out.add(h);
  return out;
}
