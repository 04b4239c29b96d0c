/**
 * Builds RunResult fixtures from known samples recorded into real hdr-histogram-js histograms
 * (microseconds, encoded with encodeIntoCompressedBase64), the way the runner stores them.
 */
import * as hdr from 'hdr-histogram-js';
import {
  RESULT_SCHEMA_VERSION,
  type CheckResult, type Finding, type HistogramRecord, type LatencySummary, type PhaseResult,
  type RequestStats, type RunResult, type SeriesPoint, type StatusClass, type ThresholdResult, type Verdict,
} from '../../src/model/result.js';

export function encode(valuesUs: readonly number[]): string {
  const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, bitBucketSize: 32, useWebAssembly: false });
  for (const v of valuesUs) h.recordValue(v);
  const out = hdr.encodeIntoCompressedBase64(h);
  h.destroy();
  return out;
}

/** A summary computed directly from the samples (nearest rank), for display fields only. */
function summaryOf(valuesUs: readonly number[]): LatencySummary {
  const s = [...valuesUs].sort((a, b) => a - b);
  const rank = (p: number): number => s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] / 1000;
  const mean = s.reduce((a, b) => a + b, 0) / s.length / 1000;
  return { count: s.length, min: s[0] / 1000, mean, stdev: 0, p50: rank(50), p90: rank(90), p95: rank(95), p99: rank(99), p999: rank(99.9), max: s[s.length - 1] / 1000 };
}

export interface RequestSpecFixture {
  name: string;
  /** Latency samples in microseconds per status class; counts by class derive statuses unless given. */
  latencies?: Partial<Record<StatusClass, number[]>>;
  /** Samples recorded with "intended" timing (open model). */
  intended?: Partial<Record<StatusClass, number[]>>;
  statuses?: Record<string, number>;
  errors?: Record<string, number>;
  durationMs?: number;
}

const CLASS_CODE: Record<StatusClass, string> = { '1xx': '100', '2xx': '200', '3xx': '301', '4xx': '404', '429': '429', '5xx': '503' };

export function requestStats(f: RequestSpecFixture): RequestStats {
  const histograms: HistogramRecord[] = [];
  const statuses: Record<string, number> = { ...(f.statuses ?? {}) };
  for (const [timing, map] of [['response', f.latencies], ['intended', f.intended]] as const) {
    for (const [cls, vals] of Object.entries(map ?? {}) as Array<[StatusClass, number[]]>) {
      if (!vals.length) continue;
      histograms.push({ statusClass: cls, timing, summary: summaryOf(vals), hdr: encode(vals) });
      if (timing === 'response' && !f.statuses) statuses[CLASS_CODE[cls]] = (statuses[CLASS_CODE[cls]] ?? 0) + vals.length;
    }
  }
  const errors = f.errors ?? {};
  const responses = Object.values(statuses).reduce((a, b) => a + b, 0);
  const errCount = Object.values(errors).reduce((a, b) => a + b, 0);
  const successes = Object.entries(statuses).filter(([c]) => Number(c) >= 200 && Number(c) < 400).reduce((a, [, n]) => a + n, 0);
  const ok = [...(f.latencies?.['2xx'] ?? []), ...(f.latencies?.['3xx'] ?? [])];
  const durationMs = f.durationMs ?? 10_000;
  return {
    name: f.name,
    requests: responses + errCount,
    statuses,
    errors,
    successes,
    rps: (responses + errCount) / (durationMs / 1000),
    latency: ok.length ? summaryOf(ok) : null,
    histograms,
  };
}

export interface PhaseFixture {
  name: string;
  kind?: string;
  requests: RequestStats[];
  checks?: CheckResult[];
  thresholds?: ThresholdResult[];
  series?: SeriesPoint[];
  findings?: Finding[];
  probe?: unknown;
  verdict?: Verdict;
  reason?: string;
  durationMs?: number;
}

export function phase(f: PhaseFixture): PhaseResult {
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let requests = 0;
  let successes = 0;
  for (const r of f.requests) {
    requests += r.requests;
    successes += r.successes;
    for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
  }
  const durationMs = f.durationMs ?? 10_000;
  const errCount = Object.values(errors).reduce((a, b) => a + b, 0);
  return {
    name: f.name,
    kind: f.kind ?? 'flood',
    model: 'closed',
    startedAt: '2024-05-01T10:00:00.000Z',
    durationMs,
    interrupted: false,
    settings: { connections: 10 },
    totals: { requests, responses: requests - errCount, successes, rps: requests / (durationMs / 1000), statuses, errors },
    requests: f.requests,
    checks: f.checks ?? [],
    thresholds: f.thresholds ?? [],
    series: f.series ?? [],
    ...(f.probe !== undefined ? { probe: f.probe } : {}),
    ...(f.findings ? { findings: f.findings } : {}),
    verdict: f.verdict ?? 'pass',
    ...(f.reason ? { reason: f.reason } : {}),
  };
}

export function runResult(name: string, phases: PhaseResult[], verdict: Verdict = 'pass'): RunResult {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'limitprobe', version: '0.1.0' },
    scenario: { name, file: 'scenarios/x.yaml', target: 'http://127.0.0.1:8080', resolved: {} },
    startedAt: '2024-05-01T10:00:00.000Z',
    endedAt: '2024-05-01T10:00:20.000Z',
    durationMs: 20_000,
    interrupted: false,
    phases,
    verdict,
    exitCode: verdict === 'pass' ? 0 : verdict === 'fail' ? 1 : 3,
  };
}

/** 1..n in steps of `step` µs: values below 2048 µs are stored exactly by a 3-digit HDR histogram. */
export function range(from: number, to: number, step = 1): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** Nearest-rank percentile of raw samples, the definition HDR follows for exactly stored values. */
export function nearestRank(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  // Rounded before ceil: (99.9 / 100) * 1000 is 999.0000000000001 in floating point, not 999.
  return s[Math.max(0, Math.ceil(+((p / 100) * s.length).toFixed(9)) - 1)];
}
