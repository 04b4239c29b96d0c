import type { RateProbePhase } from '../model/scenario.js';
import type { PhaseResult } from '../model/result.js';
import { runProbe } from '../ratelimit/probe.js';
import type { ProbeConfig, ProbeReport } from '../ratelimit/types.js';
import { buildTemplate, joinUrl } from '../runner/request-template.js';
import { parseDuration } from '../scenario/duration.js';
import { evaluateThresholds, type Threshold } from '../thresholds/index.js';
import { combineVerdict } from './phase-verdict.js';
import { requestName, type RequestContext } from './templates.js';
import type { PhaseHooks } from './phase-hooks.js';

/**
 * A rate-limit probe as a scenario phase: the same engine as `limitprobe probe`. `priorRequests`:
 * requests earlier phases sent to the same path within the declared window.
 */
export async function runProbePhase(phase: RateProbePhase, ctx: RequestContext, thresholds: readonly Threshold[], hooks: PhaseHooks, priorRequests = 0): Promise<PhaseResult> {
  const name = requestName(phase.request);
  const t = buildTemplate(phase.request, name, ctx.defaultHeaders, ctx.authHeaders);
  const config = probeConfig(phase, ctx, t);
  // Earlier phases of this run that hit the same route within the window used part of its budget.
  if (priorRequests > 0) config.priorRequests = priorRequests;
  hooks.phaseStart(phase.name, null, config.count);
  const startedAt = new Date();
  const t0 = performance.now();
  let report: ProbeReport;
  try {
    const seen: Record<string, number> = {};
    let failed = 0;
    config.onProgress = (done, status) => {
      if (status === null) failed++;
      else seen[status] = (seen[status] ?? 0) + 1;
      const elapsedMs = performance.now() - t0;
      hooks.progress({ elapsedMs, requests: done, rps: elapsedMs > 0 ? done / (elapsedMs / 1000) : 0, p99Ms: null, statuses: seen, errors: failed });
    };
    report = await runProbe(config, phase.redis);
  } finally {
    hooks.phaseEnd();
  }
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const e of report.timeline) {
    if (e.status !== null) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
    else errors[e.errorKind ?? 'error'] = (errors[e.errorKind ?? 'error'] ?? 0) + 1;
  }
  const durationMs = Math.round(performance.now() - t0);
  const requests = report.timeline.length;
  const result: PhaseResult = {
    name: phase.name,
    kind: phase.kind,
    model: 'sequential',
    startedAt: startedAt.toISOString(),
    durationMs,
    interrupted: hooks.signal.aborted,
    settings: report.config,
    totals: {
      requests,
      responses: requests - Object.values(errors).reduce((a, b) => a + b, 0),
      successes: report.admitted,
      rps: durationMs > 0 ? Math.round((requests / (durationMs / 1000)) * 100) / 100 : 0,
      statuses,
      errors,
    },
    requests: [],
    checks: [],
    thresholds: [],
    series: [],
    probe: report,
    verdict: report.verdict,
    reason: report.reason,
  };
  result.thresholds = evaluateThresholds(thresholds, result);
  const v = combineVerdict([], result.thresholds, { verdict: report.verdict, reason: report.reason });
  result.verdict = v.verdict;
  result.reason = v.reason;
  return result;
}

function probeConfig(phase: RateProbePhase, ctx: RequestContext, t: ReturnType<typeof buildTemplate>): ProbeConfig {
  const other = phase.otherAuth ? ctx.authHeaders(phase.otherAuth)[0] : undefined;
  return {
    url: joinUrl(ctx.baseUrl, t.path),
    method: t.method,
    headers: t.headerSets[0],
    body: t.body,
    limit: phase.limit,
    windowMs: parseDuration(phase.window, 'window'),
    count: phase.count ?? phase.limit + 5,
    concurrency: phase.concurrency ?? 1,
    scope: phase.scope ?? (phase.request.auth ? 'user' : 'ip'),
    algorithm: phase.algorithm ?? 'unknown',
    limitedStatus: phase.limitedStatus ?? 429,
    recover: phase.recover ?? false,
    strategies: phase.strategies as ProbeConfig['strategies'],
    otherHeaders: other ? { ...t.headerSets[0], ...other } : undefined,
    origin: phase.origin,
    failOpenAllowed: phase.failOpenAllowed ?? false,
    timeoutMs: ctx.timeoutMs,
  };
}
