/**
 * A realistic three-phase run built from known samples recorded into real HDR histograms
 * (test/report/fixture.ts): a health burst, a flood whose 429s start at second 8, and a
 * 25-request rate probe. Thresholds are judged by the real evaluator, never typed in.
 */
import type { PhaseResult, RunResult, SeriesPoint } from '../../src/model/result.js';
import type { ProbeReport, TimelineEntry } from '../../src/ratelimit/types.js';
import { evaluateThresholds, parseThresholds } from '../../src/thresholds/index.js';
import { phase, requestStats, runResult } from './fixture.js';
import { mulberry32 } from '../../src/runner/mix.js';

/** Log-normal-ish latencies in µs around `medianUs`. */
export function latencies(n: number, medianUs: number, seed: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    return Math.max(1, Math.round(medianUs * Math.exp(0.35 * z)));
  });
}

function floodSeries(seconds: number, limitFrom: number): SeriesPoint[] {
  const r = mulberry32(7);
  return Array.from({ length: seconds }, (_, t) => {
    const total = 380 + Math.round(r() * 40);
    const limited = t >= limitFrom ? Math.round(total * 0.6) : 0;
    return { t, requests: total, statuses: { '2xx': total - limited, ...(limited ? { '429': limited } : {}) }, errors: t === 12 ? 2 : 0, p99: 20 + r() * 10 };
  });
}

function probeReport(): ProbeReport {
  const timeline: TimelineEntry[] = Array.from({ length: 25 }, (_, i) => {
    const limited = i >= 20;
    return {
      index: i + 1,
      strategy: 'sequential',
      identity: 'A',
      method: 'GET',
      sendOffsetMs: i * 40,
      status: limited ? 429 : 200,
      latencyMs: limited ? 0.8 : 2.5,
      limits: { dialect: 'draft6', limit: 20, remaining: Math.max(0, 19 - i), resetSeconds: 60, resetKind: 'delta-seconds', windowSeconds: 60 },
      allLimits: [],
      retryAfter: limited ? { raw: '60', seconds: 60, kind: 'seconds' } : null,
      outcome: limited ? 'limited' : 'admitted',
    };
  });
  return {
    verdict: 'pass',
    reason: 'limited at request 21 of 25 as declared (limit 20 per 60s)',
    findings: [
      { code: 'limit-enforced', severity: 'info', message: 'first 429 at request 21, matching the declared limit of 20' },
      { code: 'retry-after-present', severity: 'info', message: 'every 429 carried Retry-After: 60' },
    ],
    timeline,
    admitted: 20,
    limited: 5,
    firstLimitedAt: 21,
    strategies: [{ name: 'sequential', verdict: 'pass', findings: [], summary: '20 admitted, then 5 limited' }],
    config: { url: 'http://127.0.0.1:8080/api/v1/bookings', limit: 20 },
    requests: 25,
    durationMs: 1000,
  };
}

export function floodPhase(opts: { bookingsMedianUs?: number; seed?: number; name?: string } = {}): PhaseResult {
  const seed = opts.seed ?? 1;
  const bookings = latencies(4000, opts.bookingsMedianUs ?? 8000, seed);
  const analytics = latencies(1500, 15000, seed + 1);
  const p = phase({
    name: opts.name ?? 'api-flood',
    durationMs: 20_000,
    requests: [
      requestStats({ name: 'bookings', latencies: { '2xx': bookings, '429': latencies(1500, 600, seed + 2) }, errors: { timeout: 2 }, durationMs: 20_000 }),
      requestStats({ name: 'analytics', latencies: { '2xx': analytics, '429': latencies(700, 700, seed + 3) }, durationMs: 20_000 }),
    ],
    series: floodSeries(20, 8),
  });
  p.thresholds = evaluateThresholds(parseThresholds({
    latency: ['p(95)<200ms', 'p(99.9)<1s'],
    'latency{request:analytics}': ['p(99)<20ms'],
    errors: ['rate<1%'],
    'status{code:429}': ['count==0'],
  }, 'sample'), p);
  p.checks = [
    { name: 'status is 2xx or 429', passed: true, message: 'every answer was 200 or 429' },
    { name: 'security headers', passed: false, message: 'Permissions-Policy missing on 429 answers', request: 'bookings' },
  ];
  p.verdict = 'fail';
  p.reason = '3 thresholds failed, 1 check failed';
  return p;
}

export function sampleRun(): RunResult {
  const health = phase({
    name: 'health-burst',
    kind: 'burst',
    durationMs: 40,
    requests: [requestStats({ name: 'health', latencies: { '2xx': latencies(10, 1800, 11) }, durationMs: 40 })],
    checks: [{ name: 'health status ok', passed: true, message: 'status "ok", services.database_session "ok"' }],
    series: [{ t: 0, requests: 10, statuses: { '2xx': 10 }, errors: 0, p99: 2.4 }],
  });
  const probe = phase({
    name: 'rate-probe-25',
    kind: 'rate-probe',
    durationMs: 1000,
    requests: [requestStats({ name: 'probe', latencies: { '2xx': latencies(20, 2500, 21), '429': latencies(5, 800, 22) }, durationMs: 1000 })],
    probe: probeReport(),
    verdict: 'pass',
    reason: 'limited at request 21 of 25 as declared',
  });
  probe.model = 'sequential';
  const run = runResult('prelaunch', [health, floodPhase(), probe], 'fail');
  return run;
}
