import type { Finding } from '../../model/result.js';
import { classifyStream, isLimited, type RawEntry } from '../classify.js';
import { CODES, finding } from '../codes.js';
import type { ProbeContext } from '../context.js';
import { judgeReachability } from '../rules/reachability.js';
import { judgeRetryAfters } from '../rules/retry-after.js';
import { judgeLimitedStatus, judgeNotLimits, judgeServerErrors } from '../rules/status.js';
import type { Policy, ProbeConfig, TimelineEntry } from '../types.js';
import type { Strategy, StrategyOutcome } from './strategy.js';

/** Most requests one burst may hold (a probe, not a load test). */
export const MAX_BURST = 1000;

/**
 * How many requests the burst sends and how many are in flight at once: `--concurrency C` above 1
 * fires max(count, C) with C in flight; chosen alone with concurrency 1, it fires 2 × limit at once.
 */
export function burstShape(config: Pick<ProbeConfig, 'concurrency' | 'count' | 'limit'>): { total: number; inFlight: number } {
  if (config.concurrency > 1) {
    const total = Math.min(MAX_BURST, Math.max(config.count, config.concurrency));
    return { total, inFlight: Math.min(total, config.concurrency) };
  }
  const total = Math.min(MAX_BURST, 2 * config.limit);
  return { total, inFlight: total };
}

/** Many requests at once from one identity: catches check-then-set races that over-admit. */
export const concurrent: Strategy = {
  name: 'concurrent',
  needsFreshBudget: true,
  async run(ctx: ProbeContext): Promise<StrategyOutcome> {
    const { total, inFlight } = burstShape(ctx.config);
    const raw: RawEntry[] = new Array(total);
    let next = 0;
    const worker = async () => {
      while (next < total && ctx.timeLeftMs() > 0) {
        const i = next++;
        raw[i] = await ctx.send({ strategy: 'concurrent', identity: 'A', index: i + 1 });
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const sent = raw.filter(Boolean);
    // Answers to simultaneous requests have no order; classify them as sent but judge counts only.
    // The sequential stream shows which status the limiter uses; 503s under load are then overload.
    const declaredStatusSeen = ctx.streams.get('sequential')?.some((e) => e.outcome === 'limited') ?? false;
    const entries = classifyStream(sent, ctx.policy, { declaredStatusSeen });
    const findings = [
      ...judgeReachability(entries),
      ...judgeServerErrors(entries, { underLoad: true }),
      ...judgeLimitedStatus(entries, ctx.policy),
      ...judgeNotLimits(entries),
      ...judgeRetryAfters(entries, ctx.policy),
      ...judgeAdmission(entries, ctx.policy, inFlight),
    ];
    ctx.streams.set('concurrent', entries);
    const admitted = entries.filter((e) => e.outcome === 'admitted').length;
    return { entries, findings, summary: `${entries.length} requests, ${inFlight} in flight at once: ${admitted} admitted (limit ${ctx.policy.limit}), ${entries.filter(isLimited).length} limited` };
  },
};

/**
 * Admitted versus the limit. A fixed window may roll over during the burst (then up to 2×limit is
 * legitimate): only when the answers' reset values show two windows is the excess excused.
 */
export function judgeAdmission(entries: readonly TimelineEntry[], policy: Policy, inFlight: number): Finding[] {
  const answered = entries.filter((e) => e.status !== null);
  if (answered.length === 0 || entries.some((e) => e.outcome === 'unreached')) return [];
  const admitted = entries.filter((e) => e.outcome === 'admitted').length;
  const L = policy.limit;
  const evidence = { admitted, limit: L, sent: entries.length, inFlight };
  if (admitted === 0) {
    return [finding(CODES.NO_FRESH_BUDGET, `concurrent: none of ${entries.length} requests was admitted: the budget was already used (another client, an earlier strategy); re-run after one window`, evidence)];
  }
  if (admitted > L) {
    const edge = policy.algorithm !== 'sliding' && admitted <= 2 * L ? twoWindowsSeen(entries, policy.windowMs) : null;
    if (edge) return [finding(CODES.WINDOW_EDGE_BURST, `concurrent: ${admitted} of ${entries.length} admitted (limit ${L}) across a window edge (${edge})`, evidence)];
    return [finding(CODES.CONCURRENT_OVER_LIMIT, `concurrent: ${admitted} of ${entries.length} simultaneous requests admitted, limit ${L}: the limiter over-admits under concurrency (a check-then-set race; make the check and the increment one atomic step)`, evidence)];
  }
  if (entries.length <= L) {
    return [finding(CODES.STRATEGY_NOT_APPLICABLE, `concurrent: only ${entries.length} requests sent, not above the limit ${L}; raise --concurrency or --count above the limit`, evidence)];
  }
  if (!entries.some(isLimited)) return [];
  return [finding(CODES.CONCURRENT_WITHIN_LIMIT, `concurrent: ${admitted} of ${entries.length} simultaneous requests admitted, within the limit ${L}`, evidence)];
}

/** Reset values that differ by more than half a window: the answers came from two fixed windows. */
function twoWindowsSeen(entries: readonly TimelineEntry[], windowMs: number): string | null {
  const resets = entries.map((e) => e.limits?.resetSeconds).filter((r): r is number => typeof r === 'number');
  if (resets.length < 2) return null;
  const lo = Math.min(...resets);
  const hi = Math.max(...resets);
  return hi - lo > windowMs / 2000 ? `reset values from ${lo.toFixed(1)}s to ${hi.toFixed(1)}s` : null;
}
