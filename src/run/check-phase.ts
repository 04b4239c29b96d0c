import type { CheckPhase } from '../model/scenario.js';
import type { PhaseResult } from '../model/result.js';
import { runChecks } from '../checks/index.js';
import { buildTemplate, joinUrl } from '../runner/request-template.js';
import { combineVerdict } from './phase-verdict.js';
import { requestName, type RequestContext } from './templates.js';
import { evaluateThresholds, type Threshold } from '../thresholds/index.js';

/** One request, judged against its expectations. */
export async function runCheckPhase(phase: CheckPhase, ctx: RequestContext, thresholds: readonly Threshold[]): Promise<PhaseResult> {
  const name = requestName(phase.request);
  const t = buildTemplate(phase.request, name, ctx.defaultHeaders, ctx.authHeaders);
  const startedAt = new Date();
  const t0 = performance.now();
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const checks = await runChecks(joinUrl(ctx.baseUrl, t.path), { method: t.method, headers: t.headerSets[0], body: t.body }, phase.expect, name, ctx.timeoutMs, (answer) => {
    if ('status' in answer) statuses[answer.status] = 1;
    else errors[answer.errorKind] = 1;
  });
  const durationMs = Math.round(performance.now() - t0);
  const answered = Object.keys(statuses).length;
  const successes = Object.keys(statuses).filter((s) => Number(s) < 400).length;
  const result: PhaseResult = {
    name: phase.name,
    kind: phase.kind,
    model: 'sequential',
    startedAt: startedAt.toISOString(),
    durationMs,
    interrupted: false,
    settings: { method: t.method, path: t.path },
    totals: { requests: 1, responses: answered, successes, rps: 0, statuses, errors },
    requests: [],
    checks,
    thresholds: [],
    series: [],
    verdict: 'pass',
  };
  result.thresholds = evaluateThresholds(thresholds, result);
  const v = combineVerdict(checks, result.thresholds, { verdict: 'pass', reason: `all ${checks.length} checks passed` });
  result.verdict = v.verdict;
  result.reason = v.reason;
  return result;
}
