import type { Finding } from '../../model/result.js';
import { classifyStream, isLimited, type RawEntry } from '../classify.js';
import { CODES, finding } from '../codes.js';
import type { ProbeContext } from '../context.js';
import type { TimelineEntry } from '../types.js';
import type { Strategy, StrategyOutcome } from './strategy.js';

/** Preflights sent to see whether they draw on the quota (more only adds load). */
const MAX_PREFLIGHTS = 50;

/**
 * The browser path, with `--origin`: limited answers must carry CORS headers (else the page sees
 * an opaque network error, not a 429 it can back off from), and preflights must not eat quota.
 */
export const browser: Strategy = {
  name: 'browser',
  needsFreshBudget: false,
  async run(ctx: ProbeContext): Promise<StrategyOutcome> {
    const origin = ctx.config.origin;
    if (!origin) {
      return { entries: [], findings: [finding(CODES.STRATEGY_NOT_APPLICABLE, 'browser: no --origin given; the browser path needs the Origin a web page would send')], summary: 'skipped: no --origin' };
    }
    const findings: Finding[] = [corsOnLimited(ctx.streams.get('sequential') ?? [], origin)];
    await ctx.waitForFreshBudget('the preflight check');
    const pre = await preflights(ctx, origin);
    findings.push(pre.finding);
    return { entries: pre.entries, findings, summary: pre.summary };
  },
};

/** Access-Control-Allow-Origin on the limited answers of the sequential stream (sent with Origin). */
export function corsOnLimited(stream: readonly TimelineEntry[], origin: string): Finding {
  const limited = stream.filter(isLimited);
  const admitted = stream.filter((e) => e.outcome === 'admitted');
  if (limited.length === 0) return finding(CODES.STRATEGY_SKIPPED, 'browser: no limited answer in the sequential stream to check for CORS headers');
  if (admitted.length > 0 && admitted.every((e) => !e.allowOrigin)) {
    return finding(CODES.STRATEGY_NOT_APPLICABLE, `browser: even admitted answers carry no Access-Control-Allow-Origin for ${origin}: the server does not allow this origin; pass the origin your web app uses`, { origin });
  }
  const missing = limited.filter((e) => !e.allowOrigin);
  if (missing.length > 0) {
    return finding(CODES.CORS_MISSING_ON_LIMITED, `browser: ${missing.length} of ${limited.length} limited answers (first: request ${missing[0].index}, ${missing[0].status}) carry no Access-Control-Allow-Origin: a web page sees a network error instead of ${missing[0].status} and cannot read Retry-After; add the CORS headers to limited answers too`, { origin, indices: missing.slice(0, 10).map((e) => e.index) });
  }
  return finding(CODES.CORS_ON_LIMITED, `browser: all ${limited.length} limited answers carry Access-Control-Allow-Origin: ${limited[0].allowOrigin}`, { origin });
}

/** `n` preflights, then the real request: it must still have the full budget. */
async function preflights(ctx: ProbeContext, origin: string): Promise<{ entries: TimelineEntry[]; finding: Finding; summary: string }> {
  const L = ctx.policy.limit;
  const n = Math.min(L, MAX_PREFLIGHTS);
  const requested = Object.keys(ctx.config.headers).map((h) => h.toLowerCase()).filter((h) => !['accept', 'user-agent', 'content-type', 'origin'].includes(h));
  const preHeaders: Record<string, string> = { origin, 'access-control-request-method': ctx.config.method.toUpperCase() };
  if (requested.length > 0) preHeaders['access-control-request-headers'] = requested.join(',');
  const raw: RawEntry[] = [];
  for (let i = 1; i <= n && ctx.timeLeftMs() > 0; i++) raw.push(await ctx.send({ strategy: 'browser', identity: 'A', index: i, method: 'OPTIONS', headers: preHeaders }));
  const pre = raw.map((r) => ({ ...r, outcome: preflightOutcome(r) }));
  const actual = classifyStream([await ctx.send({ strategy: 'browser', identity: 'A', index: raw.length + 1 })], ctx.policy)[0];
  const entries: TimelineEntry[] = [...pre, actual];
  const summary = `${pre.length} preflights (${[...new Set(pre.map((e) => e.status ?? e.errorKind))].join('/')}), then ${ctx.config.method} → ${actual.status ?? actual.errorKind}`;
  const limitedPre = pre.find((e) => e.outcome === 'limited');
  if (limitedPre) return { entries, summary, finding: finding(CODES.PREFLIGHT_CONSUMES_QUOTA, `browser: preflight ${limitedPre.index} (OPTIONS) was itself limited (${limitedPre.status}): preflights draw on the quota, so a browser client gets half its budget or less; exempt OPTIONS from the limiter`, { index: limitedPre.index, preflights: pre.length }) };
  if (pre.some((e) => e.status === null || e.status < 200 || e.status >= 300)) {
    return { entries, summary, finding: finding(CODES.STRATEGY_NOT_APPLICABLE, `browser: preflights were not answered 2xx (${summary}); the route does not serve CORS preflights`) };
  }
  if (isLimited(actual)) return { entries, summary, finding: finding(CODES.PREFLIGHT_CONSUMES_QUOTA, `browser: after ${pre.length} preflights on a fresh budget the real request was limited (${actual.status}): preflights consume the quota; exempt OPTIONS from the limiter`, { preflights: pre.length, status: actual.status }) };
  const remaining = actual.limits?.remaining ?? null;
  if (actual.outcome === 'admitted' && remaining !== null && remaining <= L - 1 - Math.max(1, Math.floor(pre.length / 2))) {
    return { entries, summary, finding: finding(CODES.PREFLIGHT_CONSUMES_QUOTA, `browser: after ${pre.length} preflights on a fresh budget the real request shows Remaining ${remaining} of ${L}: preflights consume the quota; exempt OPTIONS from the limiter`, { preflights: pre.length, remaining }) };
  }
  if (actual.outcome !== 'admitted') return { entries, summary, finding: finding(CODES.STRATEGY_NOT_APPLICABLE, `browser: the request after the preflights answered ${actual.status ?? actual.errorKind}; cannot judge`) };
  const how = remaining !== null ? `Remaining ${remaining} of ${L}` : 'no limit headers to read';
  if (remaining === null && pre.length < L) {
    return { entries, summary, finding: finding(CODES.STRATEGY_NOT_APPLICABLE, `browser: ${pre.length} preflights (fewer than the limit ${L}) and no limit headers: cannot tell whether preflights consume quota`) };
  }
  return { entries, summary, finding: finding(CODES.PREFLIGHT_FREE, `browser: ${pre.length} preflights did not consume the quota (the real request was admitted, ${how})`, { preflights: pre.length, remaining }) };
}

function preflightOutcome(r: RawEntry): TimelineEntry['outcome'] {
  if (r.status === null) return 'network-error';
  if (r.status === 429) return 'limited';
  if (r.status >= 200 && r.status < 300) return 'admitted';
  return r.status >= 500 ? 'server-error' : 'unreached';
}
