import { classifyStream, isLimited, type RawEntry } from '../classify.js';
import { CODES, finding } from '../codes.js';
import type { ProbeContext } from '../context.js';
import { gatherRouteEvidence } from '../route-evidence.js';
import { judgeStream, NO_ROUTE_EVIDENCE } from '../rules/index.js';
import { readmissions } from '../rules/window.js';
import type { Strategy, StrategyOutcome } from './strategy.js';

/** Answers, from the first request on, after which a target that never answered (or a route that is not there) stops the stream. */
const UNREACHABLE_AFTER = 3;

/** 401/404/405/410 or a redirect: never a limiter's answer on a stream's first requests. */
const notTheRoute = (e: RawEntry): boolean => e.status !== null && ([401, 404, 405, 410].includes(e.status) || (e.status >= 300 && e.status < 400));

/**
 * A fixed window (or an unknown limiter) that re-admits after limiting has either crossed its one
 * edge, or forgets its count (a key deleted on rejection, split counters). One re-admission cannot
 * tell them apart; a second within the same window can. So while the stream still fits inside one
 * window, keep sending (at most limit + 3 more) until a second re-admission or a new limited run.
 * Returns how many requests were added.
 */
async function confirmEdge(ctx: ProbeContext, raw: RawEntry[]): Promise<number> {
  const { algorithm, windowMs, limit } = ctx.policy;
  if (algorithm !== 'fixed' && algorithm !== 'unknown') return 0;
  const spanOk = (): boolean => raw[raw.length - 1].sendOffsetMs - raw[0].sendOffsetMs < windowMs / 2;
  const again = (): number => readmissions(classifyStream(raw, ctx.policy)).length;
  if (raw.length === 0 || again() !== 1 || !spanOk()) return 0;
  let added = 0;
  while (added < limit + 3 && ctx.timeLeftMs() > 0 && spanOk()) {
    raw.push(await ctx.send({ strategy: 'sequential', identity: 'A', index: raw.length + 1 }));
    added++;
    if (again() > 1) break;
  }
  return added;
}

/** `count` requests back to back from one identity: the stream most rules are judged on. */
export const sequential: Strategy = {
  name: 'sequential',
  needsFreshBudget: true,
  async run(ctx: ProbeContext): Promise<StrategyOutcome> {
    const raw: RawEntry[] = [];
    for (let i = 1; i <= ctx.config.count && ctx.timeLeftMs() > 0; i++) {
      const entry = await ctx.send({ strategy: 'sequential', identity: 'A', index: i });
      raw.push(entry);
      ctx.config.onProgress?.(i, entry.status);
      // A target that never answered is unreachable, a route that answers 404/401/3xx from the start
      // is not the limited one: more attempts would only add timeouts and noise.
      if (i === UNREACHABLE_AFTER && (raw.every((e) => e.status === null) || raw.every(notTheRoute))) break;
    }
    const stoppedEarly = raw.length === UNREACHABLE_AFTER && raw.length < ctx.config.count && raw.every((e) => e.status === null || notTheRoute(e));
    const extra = await confirmEdge(ctx, raw);
    const entries = classifyStream(raw, ctx.policy);
    const admitted = entries.filter((e) => e.outcome === 'admitted').length;
    // Only a stream that admitted everything needs a look around (exempt route, failing-open store).
    const needsLook = !entries.some(isLimited) && admitted > ctx.policy.limit;
    const route = needsLook ? await gatherRouteEvidence(ctx.config.url, ctx.headers) : NO_ROUTE_EVIDENCE;
    const findings = judgeStream(entries, ctx.policy, route, true, 'sequential');
    if (raw.length < ctx.config.count && !stoppedEarly) {
      findings.push(finding(CODES.PROBE_TIME_BUDGET, `sequential: stopped after ${raw.length} of ${ctx.config.count} requests, the probe's time budget ran out`, { sent: raw.length, count: ctx.config.count }));
    }
    if (extra > 0) findings.push(finding(CODES.EDGE_CONFIRMATION, `sequential: a window edge appeared within ${Math.round(raw[raw.length - 1].sendOffsetMs - raw[0].sendOffsetMs)}ms of a ${ctx.policy.windowMs}ms window; ${extra} more requests were sent to tell a real edge (one per window) from a limiter that forgets its count`, { extra }));
    ctx.streams.set('sequential', entries);
    const limited = entries.filter(isLimited).length;
    const first = entries.find(isLimited);
    return {
      entries,
      findings,
      summary: `${entries.length} sequential requests: ${admitted} admitted, ${limited} limited${first ? `, first limited at #${first.index}` : ''}`,
    };
  },
};
