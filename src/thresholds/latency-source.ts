import type { HistogramRecord, RequestStats, StatusClass } from '../model/result.js';
import { decodeHistogram, mergeHistograms, type Histogram } from '../metrics/histogram.js';

const SUCCESS: readonly StatusClass[] = ['2xx', '3xx'];

/**
 * Picks and merges the HDR histograms a latency threshold reads. `status` is "success" (2xx and
 * 3xx, the default, so fast 429s never flatter the percentiles), "all", or one class. Timing is
 * "intended" whenever the phase recorded it (open model: free of coordinated omission).
 * Returns the merged histogram, or why there is nothing to read.
 */
export function latencyHistogram(
  requests: readonly RequestStats[],
  status: string = 'success',
  timing?: string,
): { histogram: Histogram } | { missing: string } {
  const all = requests.flatMap((r) => r.histograms);
  const chosenTiming = timing ?? (all.some((h) => h.timing === 'intended') ? 'intended' : 'response');
  const classOk = (h: HistogramRecord): boolean =>
    status === 'all' ? true : status === 'success' ? SUCCESS.includes(h.statusClass) : h.statusClass === status;
  const picked = all.filter((h) => h.timing === chosenTiming && classOk(h));
  const merged = mergeHistograms(picked.map((h) => decodeHistogram(h.hdr)));
  if (merged.totalCount === 0) {
    const what = status === 'success' ? 'successful (2xx/3xx)' : status === 'all' ? '' : status;
    return { missing: `no ${what ? what + ' ' : ''}responses with ${chosenTiming} timing to measure` };
  }
  return { histogram: merged };
}
