import type { Finding } from '../model/result.js';
import { captureBefore } from '../redis/probe-join.js';
import { watchCommands } from '../redis/forensics/watch.js';
import { redactHeaders } from '../scenario/redact.js';
import { redactUrl } from '../target/options.js';
import { isLimited } from './classify.js';
import { ProbeContext } from './context.js';
import { selectStrategies, timeBudgetMs } from './select.js';
import { STRATEGIES } from './strategies/index.js';
import type { Policy, ProbeConfig, ProbeReport, RedisEvidence, StrategyName, StrategyReport, TimelineEntry } from './types.js';
import { verdictOf } from './verdict.js';

export interface ProbeRedis {
  url: string;
  match?: string[];
  library?: string;
  /** Also run MONITOR during the probe (costs the server throughput; needs +monitor). */
  watch?: boolean;
}

export function policyOf(config: ProbeConfig): Policy {
  return {
    limit: config.limit,
    windowMs: config.windowMs,
    algorithm: config.algorithm,
    limitedStatus: config.limitedStatus,
    scope: config.scope,
    failOpenAllowed: config.failOpenAllowed ?? false,
    priorRequests: config.priorRequests ?? 0,
  };
}

/**
 * The probe engine (the `probe` command and the scenario runner's `rate-probe` phase): runs the
 * strategies the declared policy needs, bounded in requests and time, and judges what came back.
 * With `redis`, the limiter's keys are snapshotted before and after and the join is merged in.
 */
export async function runProbe(config: ProbeConfig, redis?: ProbeRedis): Promise<ProbeReport> {
  const names = selectStrategies(config);
  const started = performance.now();
  const ctx = new ProbeContext(config, policyOf(config), started + timeBudgetMs(config, names));
  const capture = redis ? await startCapture(redis) : null;
  let reports: StrategyReport[] = [];
  let timeline: TimelineEntry[] = [];
  let probeStarted = false;
  const run = async () => {
    probeStarted = true;
    ({ reports, timeline } = await runStrategies(ctx, names));
  };
  let forensics: unknown;
  const redisFindings: Finding[] = [];
  if (redis?.watch) {
    try {
      const report = await watchCommands(redis.url, Math.max(1000, ctx.timeLeftMs()), run, { match: redis.match });
      forensics = report;
      redisFindings.push(...report.findings);
    } catch (e) {
      // MONITOR refused (ACL) or Redis gone: the probe itself must still run and be judged.
      if (!probeStarted) await run();
      else if (reports.length === 0) throw e;
      redisFindings.push(redisProblem('watch', e));
    }
  } else {
    await run();
  }
  const probeFindings = reports.flatMap((r) => r.findings);
  const main = ctx.streams.get('sequential') ?? ctx.streams.get('concurrent') ?? timeline;
  const redisEvidence = capture ? await finishCapture(capture, timeline, config) : undefined;
  if (redisEvidence) {
    if (forensics !== undefined) redisEvidence.forensics = forensics;
    redisEvidence.findings.push(...redisFindings);
  }
  const findings = [...probeFindings, ...(redisEvidence?.findings ?? [])];
  const { verdict, reason } = verdictOf(findings);
  const firstLimited = main.find(isLimited);
  const report: ProbeReport = {
    verdict,
    reason,
    findings,
    timeline,
    admitted: main.filter((e) => e.outcome === 'admitted').length,
    limited: main.filter(isLimited).length,
    firstLimitedAt: firstLimited ? firstLimited.index : null,
    strategies: reports,
    config: redactConfig(config, names, redis),
    requests: ctx.requestsSent,
    durationMs: Math.round(performance.now() - started),
  };
  if (redisEvidence) report.redis = redisEvidence;
  return report;
}

async function runStrategies(ctx: ProbeContext, names: readonly StrategyName[]): Promise<{ reports: StrategyReport[]; timeline: TimelineEntry[] }> {
  const reports: StrategyReport[] = [];
  const timeline: TimelineEntry[] = [];
  for (const name of names) {
    const strategy = STRATEGIES[name];
    if (strategy.needsFreshBudget) await ctx.waitForFreshBudget(`the ${name} strategy`);
    const out = await strategy.run(ctx);
    timeline.push(...out.entries);
    const { verdict } = verdictOf(out.findings);
    reports.push({ name, verdict, findings: out.findings, summary: out.summary });
    // Nothing answered: the remaining strategies would only repeat the same network errors.
    if (out.entries.length > 0 && out.entries.every((e) => e.status === null)) break;
  }
  return { reports, timeline };
}

type Capture = { finish: Awaited<ReturnType<typeof captureBefore>>['finish'] } | { error: string };

async function startCapture(redis: ProbeRedis): Promise<Capture> {
  try {
    return await captureBefore({ url: redis.url, match: redis.match, library: redis.library });
  } catch (e) {
    return { error: describe(e) };
  }
}

async function finishCapture(capture: Capture, timeline: readonly TimelineEntry[], config: ProbeConfig): Promise<RedisEvidence> {
  if ('error' in capture) return { findings: [redisProblem('snapshot', capture.error)], keys: [], error: capture.error };
  const answered = timeline.filter((e) => e.status !== null);
  try {
    const joined = await capture.finish({
      requests: answered.length,
      admitted: answered.filter((e) => e.outcome === 'admitted').length,
      // A+xff is identity A with a forged header: one client to the limiter unless it is spoofable.
      identities: new Set(answered.map((e) => e.identity.replace(/\+.*$/, ''))).size,
      limit: config.limit,
      windowMs: config.windowMs,
    });
    return { findings: [...joined.findings], keys: joined.keys };
  } catch (e) {
    return { findings: [redisProblem('snapshot', e)], keys: [], error: describe(e) };
  }
}

function redisProblem(what: string, e: unknown): Finding {
  return { code: 'REDIS_PROBE_UNAVAILABLE', severity: 'warn', message: `Redis ${what} skipped: ${describe(e)}; the verdict rests on the HTTP answers alone` };
}

function describe(e: unknown): string {
  return typeof e === 'string' ? e : e instanceof Error ? e.message : String(e);
}

/** The configuration as run, for the report: credentials replaced, no callbacks. */
function redactConfig(config: ProbeConfig, strategies: readonly StrategyName[], redis?: ProbeRedis): Record<string, unknown> {
  const { onProgress: _progress, onStatus: _status, headers, otherHeaders, body, ...rest } = config;
  const out: Record<string, unknown> = { ...rest, url: redactUrl(config.url), headers: redactHeaders(headers), strategies };
  if (otherHeaders) out.otherHeaders = redactHeaders(otherHeaders);
  if (body !== undefined) out.body = `[${Buffer.byteLength(body)} bytes]`;
  if (redis) out.redis = { ...redis, url: redactUrl(redis.url) };
  return out;
}
