import type { PhaseResult, RequestStats, RunResult } from '../model/result.js';
import { UserError } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { errorCount } from '../thresholds/observe.js';
import { successRows } from './latency-rows.js';
import { summarize } from '../metrics/histogram.js';
import type { Bound, BoundKey, LatencyKey } from './regression-bounds.js';

export type MetricStatus = 'ok' | 'regression' | 'not-judged' | 'unbounded';

export interface MetricComparison {
  metric: BoundKey;
  unit: 'ms' | 'rps' | 'rate';
  baseline: number | null;
  current: number | null;
  /** Relative change in %, or for errors the change in percentage points. */
  change: number | null;
  bound?: Bound;
  status: MetricStatus;
  note?: string;
}

export interface RequestComparison {
  request: string;
  samples: { baseline: number; current: number };
  metrics: MetricComparison[];
}

export interface PhaseComparison {
  phase: string;
  /** Set when the phase is in one run only: nothing to compare. */
  onlyIn?: 'baseline' | 'current';
  requests: RequestComparison[];
  /** Request names present in one run only. */
  unmatched: Array<{ request: string; onlyIn: 'baseline' | 'current' }>;
  /** Why the two runs of this phase do not measure the same thing (settings differ, one was cut short). */
  notComparable?: string;
}

export interface Comparison {
  scenario: string;
  phases: PhaseComparison[];
  regressions: number;
  judged: number;
  notJudged: number;
  exitCode: ExitCode;
}

const SHOWN_LATENCY: readonly LatencyKey[] = ['p50', 'p90', 'p95', 'p99', 'p999', 'max'];
const QUANTILE: Partial<Record<LatencyKey, number>> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999 };
/**
 * A percentile is compared only when both runs have at least this many samples above it: with
 * fewer, p99 is one or two requests, and a "regression" there is noise, not a finding.
 */
export const MIN_TAIL_SAMPLES = 5;
/** Changes within float rounding of the bound are within it ("more than 10%" fails, 10% does not). */
const EPS = 1e-9;

/**
 * Compares two runs of the same scenario phase by phase and request name. Runs of different
 * scenarios or result schema versions are a usage error: their numbers do not measure the same thing.
 */
export function compareRuns(baseline: RunResult, current: RunResult, bounds: readonly Bound[], files: { baseline: string; current: string }): Comparison {
  if (baseline.schemaVersion !== current.schemaVersion) {
    throw new UserError(`compare: ${files.baseline} has result schemaVersion ${baseline.schemaVersion} but ${files.current} has ${current.schemaVersion}; compare results written by the same limitprobe schema`);
  }
  if (baseline.scenario.name !== current.scenario.name) {
    throw new UserError(`compare: ${files.baseline} is scenario "${baseline.scenario.name}" but ${files.current} is scenario "${current.scenario.name}"; compare two runs of the same scenario`);
  }
  const names = [...new Set([...baseline.phases.map((p) => p.name), ...current.phases.map((p) => p.name)])];
  const phases = names.map((name): PhaseComparison => {
    const b = baseline.phases.find((p) => p.name === name);
    const c = current.phases.find((p) => p.name === name);
    if (!b || !c) return { phase: name, onlyIn: b ? 'baseline' : 'current', requests: [], unmatched: [] };
    return comparePhase(b, c, bounds);
  });
  const all = phases.flatMap((p) => p.requests.flatMap((r) => r.metrics));
  const regressions = all.filter((m) => m.status === 'regression').length;
  const judged = all.filter((m) => m.status === 'ok' || m.status === 'regression').length;
  const notJudged = all.filter((m) => m.status === 'not-judged').length;
  const exitCode = regressions > 0 ? EXIT.failed : judged === 0 ? EXIT.inconclusive : EXIT.ok;
  return { scenario: baseline.scenario.name, phases, regressions, judged, notJudged, exitCode };
}

interface Side {
  samples: number;
  latency: Record<LatencyKey, number> | null;
  rps: number;
  errorRate: number | null;
}

function comparePhase(b: PhaseResult, c: PhaseResult, bounds: readonly Bound[]): PhaseComparison {
  const names = [...new Set([...b.requests.map((r) => r.name), ...c.requests.map((r) => r.name)])];
  const requests: RequestComparison[] = [];
  const unmatched: PhaseComparison['unmatched'] = [];
  for (const name of names) {
    const rb = b.requests.find((r) => r.name === name);
    const rc = c.requests.find((r) => r.name === name);
    if (!rb || !rc) {
      unmatched.push({ request: name, onlyIn: rb ? 'baseline' : 'current' });
      continue;
    }
    requests.push(compareSides(name, sideOf([rb], rb), sideOf([rc], rc), bounds));
  }
  if (b.requests.length > 1 || c.requests.length > 1) {
    requests.push(compareSides('all', sideOf(b.requests, b.totals), sideOf(c.requests, c.totals), bounds));
  }
  const notComparable = whyNotComparable(b, c);
  if (!notComparable) return { phase: b.name, requests, unmatched };
  // Half the rate asked is half the rps measured: a bound crossed there is no regression.
  for (const r of requests) {
    r.metrics = r.metrics.map((m) => (m.status === 'ok' || m.status === 'regression' ? { ...m, status: 'not-judged', note: notComparable } : m));
  }
  return { phase: b.name, requests, unmatched, notComparable };
}

/** The phase settings (connections, requests, rate, stages, duration...) that differ, or an interruption. */
export function whyNotComparable(b: PhaseResult, c: PhaseResult): string | null {
  const cut = [b.interrupted ? 'baseline' : '', c.interrupted ? 'current' : ''].filter(Boolean);
  if (cut.length) return `the ${cut.join(' and ')} run was interrupted`;
  const keys = [...new Set([...Object.keys(b.settings ?? {}), ...Object.keys(c.settings ?? {})])];
  const show = (v: unknown): string => (v === undefined ? 'unset' : JSON.stringify(v));
  const differ = keys
    .filter((k) => JSON.stringify(b.settings?.[k]) !== JSON.stringify(c.settings?.[k]))
    .map((k) => `${k} ${show(b.settings?.[k])} → ${show(c.settings?.[k])}`);
  return differ.length ? `settings differ: ${differ.join(', ')}` : null;
}

function sideOf(requests: readonly RequestStats[], counts: { requests: number; rps: number; statuses: Record<string, number>; errors: Record<string, number> }): Side {
  const rows = successRows(requests);
  const row = requests.length > 1 ? rows.find((r) => r.request === 'all') : rows[0];
  const s = row?.histogram ? summarize(row.histogram) : null;
  return {
    samples: s?.count ?? 0,
    latency: s ? { p50: s.p50, p90: s.p90, p95: s.p95, p99: s.p99, p999: s.p999, max: s.max, mean: s.mean } : null,
    rps: counts.rps,
    errorRate: counts.requests > 0 ? errorCount(counts) / counts.requests : null,
  };
}

function compareSides(request: string, b: Side, c: Side, bounds: readonly Bound[]): RequestComparison {
  const boundOf = (k: BoundKey) => bounds.find((x) => x.key === k);
  const latencyKeys = [...SHOWN_LATENCY, ...(boundOf('mean') ? (['mean'] as const) : [])];
  const metrics: MetricComparison[] = latencyKeys.map((k) => latencyMetric(k, b, c, boundOf(k)));
  metrics.push(judge({ metric: 'rps', unit: 'rps', baseline: b.rps, current: c.rps, bound: boundOf('rps') }));
  metrics.push(judge({ metric: 'errors', unit: 'rate', baseline: b.errorRate, current: c.errorRate, bound: boundOf('errors') }));
  return { request, samples: { baseline: b.samples, current: c.samples }, metrics };
}

function latencyMetric(k: LatencyKey, b: Side, c: Side, bound: Bound | undefined): MetricComparison {
  const base = { metric: k, unit: 'ms' as const, baseline: b.latency?.[k] ?? null, current: c.latency?.[k] ?? null, bound };
  const q = QUANTILE[k];
  if (q !== undefined && b.latency && c.latency) {
    const need = Math.ceil(MIN_TAIL_SAMPLES / (1 - q));
    const fewest = Math.min(b.samples, c.samples);
    if (fewest < need) {
      const change = relChange(base.baseline, base.current);
      if (!bound) return { ...base, change, status: 'unbounded' };
      return { ...base, change, status: 'not-judged', note: `too few samples for ${k} (${fewest} < ${need})` };
    }
  }
  return judge(base);
}

function relChange(b: number | null, c: number | null): number | null {
  if (b === null || c === null || b === 0) return null;
  return ((c - b) / b) * 100;
}

function judge(m: Omit<MetricComparison, 'status' | 'change'>): MetricComparison {
  const change = m.metric === 'errors'
    ? m.baseline !== null && m.current !== null ? (m.current - m.baseline) * 100 : null
    : relChange(m.baseline, m.current);
  const bound = m.bound;
  if (!bound) return { ...m, change, status: 'unbounded' };
  if (m.baseline === null || m.current === null) {
    const side = m.baseline === null ? 'baseline' : 'current';
    return { ...m, change, status: 'not-judged', note: m.unit === 'ms' ? `no successful responses in the ${side} run` : `no requests in the ${side} run` };
  }
  let worse: number;
  if (bound.kind === 'absolute-ms') worse = m.current - m.baseline;
  else if (bound.key === 'rps') {
    if (m.baseline === 0) return { ...m, change, status: 'not-judged', note: 'baseline rps is 0' };
    worse = ((m.baseline - m.current) / m.baseline) * 100;
  } else if (bound.kind === 'points') worse = (m.current - m.baseline) * 100;
  else {
    if (m.baseline === 0) return { ...m, change, status: 'not-judged', note: 'baseline value is 0' };
    worse = ((m.current - m.baseline) / m.baseline) * 100;
  }
  return { ...m, change, status: worse > bound.limit + EPS ? 'regression' : 'ok' };
}
