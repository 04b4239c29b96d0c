import type { PhaseResult, RunResult, SeriesPoint, StatusClass } from '../model/result.js';
import type { Histogram } from '../metrics/histogram.js';
import { mergeHistograms } from '../metrics/histogram.js';
import { successRows } from './latency-rows.js';
import { percentileCurves } from './percentile-curve.js';

/** What the page script needs to draw one uPlot chart; plain JSON, embedded in the page. */
export interface ChartSpec {
  id: string;
  kind: 'percentile' | 'time';
  title: string;
  yLabel: string;
  x: number[];
  series: Array<{ label: string; color: string; values: Array<number | null> }>;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
export const STATUS_COLORS: Record<StatusClass | 'total' | 'errors', string> = {
  total: '#1f77b4', '2xx': '#2ca02c', '3xx': '#17becf', '4xx': '#ff7f0e', '429': '#d62728', '5xx': '#8c564b', '1xx': '#7f7f7f', errors: '#111111',
};
const CLASS_ORDER: readonly StatusClass[] = ['2xx', '3xx', '429', '4xx', '5xx', '1xx'];

/** Latency percentile distribution of the successful responses, one curve per request name. */
export function percentileChart(id: string, p: PhaseResult): ChartSpec | null {
  const rows = successRows(p.requests).filter((r) => r.histogram !== null);
  if (!rows.length) return null;
  const named = rows.length > 1 ? rows : rows.filter((r) => r.request !== 'all');
  return curveChart(id, `Latency by percentile — ${p.name} (2xx/3xx, ${rows[0].timing} timing)`,
    named.map((r) => ({ label: r.request, histogram: r.histogram as Histogram })));
}

/** The same phase across several runs (e.g. last night's and tonight's), one curve per run. */
export function runsPercentileChart(id: string, phaseName: string, runs: ReadonlyArray<{ run: RunResult; phase: PhaseResult }>): ChartSpec | null {
  const curves = runs.flatMap(({ run, phase }, i) => {
    const hs = successRows(phase.requests).filter((r) => r.request !== 'all' && r.histogram).map((r) => r.histogram as Histogram);
    return hs.length ? [{ label: `run ${i + 1}: ${run.startedAt}`, histogram: mergeHistograms(hs) }] : [];
  });
  if (curves.length < 2) return null;
  return curveChart(id, `Latency by percentile — ${phaseName}, runs overlaid (2xx/3xx)`, curves);
}

function curveChart(id: string, title: string, curves: ReadonlyArray<{ label: string; histogram: Histogram }>): ChartSpec {
  const { x, ys } = percentileCurves(curves.map((c) => c.histogram));
  return {
    id,
    kind: 'percentile',
    title,
    yLabel: 'latency (ms)',
    x,
    series: curves.map((c, i) => ({ label: c.label, color: PALETTE[i % PALETTE.length], values: ys[i] })),
  };
}

/** Seconds covered by one point: 1, or more once a long run's series was compacted. */
function stepOf(series: readonly SeriesPoint[]): number {
  return series.length > 1 ? Math.max(1, series[1].t - series[0].t) : 1;
}

/** Requests/s and each status class per second, so the onset of 429s shows as a crossing line. */
export function throughputChart(id: string, p: PhaseResult): ChartSpec | null {
  const s = p.series;
  if (s.length === 0) return null;
  const step = stepOf(s);
  const per = (v: number | undefined): number => (v ?? 0) / step;
  const series: ChartSpec['series'] = [{ label: 'requests/s', color: STATUS_COLORS.total, values: s.map((pt) => per(pt.requests)) }];
  for (const cls of CLASS_ORDER) {
    if (s.some((pt) => (pt.statuses[cls] ?? 0) > 0)) series.push({ label: `${cls}/s`, color: STATUS_COLORS[cls], values: s.map((pt) => per(pt.statuses[cls])) });
  }
  if (s.some((pt) => pt.errors > 0)) series.push({ label: 'errors/s', color: STATUS_COLORS.errors, values: s.map((pt) => per(pt.errors)) });
  return { id, kind: 'time', title: `Requests and status codes per second — ${p.name}`, yLabel: 'per second', x: s.map((pt) => pt.t), series };
}

export function p99Chart(id: string, p: PhaseResult): ChartSpec | null {
  const s = p.series;
  if (!s.some((pt) => pt.p99 !== null)) return null;
  return { id, kind: 'time', title: `p99 latency per second — ${p.name} (all responses)`, yLabel: 'p99 (ms)', x: s.map((pt) => pt.t), series: [{ label: 'p99', color: PALETTE[4], values: s.map((pt) => pt.p99) }] };
}
