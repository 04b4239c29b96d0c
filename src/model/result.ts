/**
 * The JSON result of a run (`reports/<scenario>-<UTC timestamp>.json`). Every reporter, `report`,
 * `compare` and merge reads only this shape. Documented in docs/result-format.md; bump
 * RESULT_SCHEMA_VERSION on any incompatible change.
 */

export const RESULT_SCHEMA_VERSION = 1;

export type Verdict = 'pass' | 'fail' | 'inconclusive';

/** Status classes get their own histograms so fast 429s or errors never flatten 2xx percentiles. */
export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '429' | '5xx';

/** Latency in milliseconds, read from an HDR histogram recorded in microseconds. */
export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  stdev: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/**
 * One HDR histogram. `timing`:
 *  - "response": from the moment the request was actually written to the response (closed model,
 *    and the open model's secondary view);
 *  - "intended": from the moment the open-model schedule intended to send it (wrk2-style, free of
 *    coordinated omission) — the one that matters for the open model.
 */
export interface HistogramRecord {
  statusClass: StatusClass;
  timing: 'response' | 'intended';
  summary: LatencySummary;
  /** hdr-histogram-js `encodeIntoCompressedBase64`, values in microseconds. */
  hdr: string;
}

export interface RequestStats {
  name: string;
  requests: number;
  /** Responses by exact status code, e.g. { "200": 95, "429": 5 }. */
  statuses: Record<string, number>;
  /** Requests that got no response, by kind: timeout, ECONNRESET, ECONNREFUSED, ... */
  errors: Record<string, number>;
  /** 2xx/3xx responses that passed (429 and 5xx never count as success). */
  successes: number;
  rps: number;
  /** Summary of the successful (2xx) responses with the headline timing; null when there were none. */
  latency: LatencySummary | null;
  histograms: HistogramRecord[];
}

export interface CheckResult {
  name: string;
  passed: boolean;
  /** One line: what was expected and what was seen, or why it could not be judged. */
  message: string;
  request?: string;
  expected?: unknown;
  observed?: unknown;
  /** A check that could not be judged (e.g. 404 where 401 was expected: route not found). */
  inconclusive?: boolean;
}

export interface ThresholdResult {
  metric: string;
  expression: string;
  passed: boolean;
  observed: number | null;
  message: string;
  abortOnFail?: boolean;
  /** Could not be judged (no data for the metric, e.g. no successful responses): passed is false. */
  inconclusive?: boolean;
}

/** One point per second of the phase, for over-time charts. */
export interface SeriesPoint {
  /** Seconds since phase start. */
  t: number;
  requests: number;
  /** Responses by status class in that second. */
  statuses: Partial<Record<StatusClass, number>>;
  errors: number;
  /** p99 latency of that second's responses, ms (all classes). */
  p99: number | null;
}

export interface Finding {
  code: string;
  severity: 'fail' | 'warn' | 'info';
  message: string;
  evidence?: Record<string, unknown>;
}

export interface PhaseResult {
  name: string;
  kind: string;
  model?: 'closed' | 'open' | 'sequential';
  startedAt: string;
  durationMs: number;
  interrupted: boolean;
  /** Settings as run: connections, requests, rate, stages, duration... */
  settings: Record<string, unknown>;
  totals: {
    requests: number;
    responses: number;
    successes: number;
    rps: number;
    statuses: Record<string, number>;
    errors: Record<string, number>;
    /** Open model: arrivals dropped because maxInFlight was reached. */
    dropped?: number;
    /** Open model: achieved arrival rate vs asked. */
    achievedRate?: number;
  };
  requests: RequestStats[];
  checks: CheckResult[];
  thresholds: ThresholdResult[];
  series: SeriesPoint[];
  /** Rate-probe phases and the `probe` command: the probe report (issue 3). */
  probe?: unknown;
  findings?: Finding[];
  verdict: Verdict;
  /** Why the verdict is what it is, one line. */
  reason?: string;
}

export interface RunResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  tool: { name: 'limitprobe'; version: string };
  scenario: {
    name: string;
    file: string | null;
    target: string;
    /** The scenario as run, with secrets replaced by "[redacted]". */
    resolved: unknown;
  };
  startedAt: string;
  endedAt: string;
  durationMs: number;
  interrupted: boolean;
  phases: PhaseResult[];
  verdict: Verdict;
  exitCode: number;
  /** An error that ended the run early, if any (the phases before it are kept). */
  error?: string;
}
