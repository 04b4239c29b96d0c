import type { LatencySummary, RequestStats, StatusClass } from '../model/result.js';
import { decodeHistogram, mergeHistograms, summarize, type Histogram } from '../metrics/histogram.js';

export type Timing = 'response' | 'intended';

export interface LatencyRow {
  request: string;
  /** "2xx/3xx" for the headline row, else the status class ("429", "5xx"...). */
  status: string;
  timing: Timing;
  summary: LatencySummary | null;
  /** Decoded, merged histogram (null when there were no samples). */
  histogram: Histogram | null;
}

const SUCCESS: readonly StatusClass[] = ['2xx', '3xx'];
const OTHER_CLASSES: readonly StatusClass[] = ['429', '4xx', '5xx', '1xx'];

/**
 * The open model records "intended" timing (free of coordinated omission): when a request has it,
 * that is the headline, as in the thresholds (src/thresholds/latency-source.ts).
 */
export function headlineTiming(requests: readonly RequestStats[]): Timing {
  return requests.some((r) => r.histograms.some((h) => h.timing === 'intended')) ? 'intended' : 'response';
}

function merged(requests: readonly RequestStats[], timing: Timing, classes: readonly StatusClass[]): Histogram | null {
  const picked = requests.flatMap((r) => r.histograms).filter((h) => h.timing === timing && classes.includes(h.statusClass));
  if (!picked.length) return null;
  const h = mergeHistograms(picked.map((x) => decodeHistogram(x.hdr)));
  return h.totalCount > 0 ? h : null;
}

function row(request: string, status: string, timing: Timing, h: Histogram | null): LatencyRow {
  return { request, status, timing, histogram: h, summary: h ? summarize(h) : null };
}


/**
 * Per request name: the successful responses first (the latency users care about), then each
 * other status class that was answered, so fast 429s are visible without flattening the 2xx
 * percentiles. With several request names, an "all" row merges the successful ones.
 */
export function latencyRows(requests: readonly RequestStats[]): LatencyRow[] {
  const timing = headlineTiming(requests);
  const out: LatencyRow[] = [];
  for (const r of requests) {
    out.push(row(r.name, '2xx/3xx', timing, merged([r], timing, SUCCESS)));
    for (const cls of OTHER_CLASSES) {
      const h = merged([r], timing, [cls]);
      if (h) out.push(row(r.name, cls, timing, h));
    }
  }
  if (requests.length > 1) out.push(row('all', '2xx/3xx', timing, merged(requests, timing, SUCCESS)));
  return out;
}

/** Only the headline (successful) row per request name, e.g. for charts and compare. */
export function successRows(requests: readonly RequestStats[]): LatencyRow[] {
  return latencyRows(requests).filter((r) => r.status === '2xx/3xx');
}
