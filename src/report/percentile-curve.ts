import type { Histogram } from '../metrics/histogram.js';

/**
 * The HdrHistogram "percentile distribution" plot: x is 1/(1-q) on a log axis, so 90%, 99%,
 * 99.9%... are evenly spaced and the tail gets as much room as the median. Several curves share
 * one x grid (uPlot wants aligned data): steps of 10^0.05 up to the largest sample count.
 */
const STEP = 0.05;
/** Beyond 1e6 (99.9999%) no run on loopback has enough samples to say anything. */
const MAX_DECADES = 6;

export interface PercentileCurves {
  /** 1/(1-q): 1 is p0, 10 is p90, 100 is p99... */
  x: number[];
  /** Latency in ms per curve, null past the curve's own resolution. */
  ys: Array<Array<number | null>>;
}

export function percentileCurves(hs: readonly Histogram[]): PercentileCurves {
  const maxCount = Math.max(1, ...hs.map((h) => h.totalCount));
  const decades = Math.min(MAX_DECADES, Math.log10(maxCount));
  const steps = Math.ceil(decades / STEP) + 1;
  const x = Array.from({ length: steps + 1 }, (_, i) => round(10 ** (i * STEP)));
  const ys = hs.map((h) => curve(h, x));
  return { x, ys };
}

/**
 * A curve stops one point after 1/(1-q) passes its sample count: past that, every percentile is
 * the maximum, and a flat line there would claim a resolution the data does not have.
 */
function curve(h: Histogram, x: readonly number[]): Array<number | null> {
  let ended = false;
  return x.map((xi) => {
    if (ended || h.totalCount === 0) return null;
    if (xi > h.totalCount) {
      ended = true;
      return h.maxValue / 1000;
    }
    const q = 100 * (1 - 1 / xi);
    return h.getValueAtPercentile(q) / 1000;
  });
}

const round = (v: number): number => +v.toPrecision(8);

/** The axis label of an x value: 1 → "0%", 10 → "90%", 1000 → "99.9%". */
export function percentileLabel(x: number): string {
  return `${+(100 - 100 / x).toPrecision(7)}%`;
}
