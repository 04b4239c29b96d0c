import { classifyStream, isLimited, type RawEntry } from '../classify.js';
import { CODES, finding } from '../codes.js';
import type { ProbeContext } from '../context.js';
import { gatherRouteEvidence } from '../route-evidence.js';
import { judgeStream, NO_ROUTE_EVIDENCE } from '../rules/index.js';
import type { Strategy, StrategyOutcome } from './strategy.js';

/** Consecutive network errors, from the first request on, after which the target counts as unreachable. */
const UNREACHABLE_AFTER = 3;

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
      // A target that never answered is unreachable; more attempts would only add timeouts.
      if (i === UNREACHABLE_AFTER && raw.every((e) => e.status === null)) break;
    }
    const entries = classifyStream(raw, ctx.policy);
    const admitted = entries.filter((e) => e.outcome === 'admitted').length;
    // Only a stream that admitted everything needs a look around (exempt route, failing-open store).
    const needsLook = !entries.some(isLimited) && admitted > ctx.policy.limit;
    const route = needsLook ? await gatherRouteEvidence(ctx.config.url, ctx.headers) : NO_ROUTE_EVIDENCE;
    const findings = judgeStream(entries, ctx.policy, route, true, 'sequential');
    if (raw.length < ctx.config.count && raw.some((e) => e.status !== null)) {
      findings.push(finding(CODES.PROBE_TIME_BUDGET, `sequential: stopped after ${raw.length} of ${ctx.config.count} requests, the probe's time budget ran out`, { sent: raw.length, count: ctx.config.count }));
    }
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
