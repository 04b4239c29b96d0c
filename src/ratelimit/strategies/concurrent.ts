import type { Finding } from '../../model/result.js';
import { classifyStream, isLimited, type RawEntry } from '../classify.js';
import { CODES, finding } from '../codes.js';
import type { ProbeContext } from '../context.js';
import { judgeReachability } from '../rules/reachability.js';
import { judgeRetryAfters } from '../rules/retry-after.js';
import { judgeLimitedStatus, judgeNotLimits, judgeServerErrors } from '../rules/status.js';
import type { Policy, ProbeConfig, TimelineEntry } from '../types.js';
import { timeToleranceMs } from '../window-count.js';
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
    const excused = excessExplained(entries, policy, admitted);
    if (excused?.kind === 'edge') return [finding(CODES.WINDOW_EDGE_BURST, `concurrent: ${admitted} of ${entries.length} admitted (limit ${L}) across a window edge (${excused.why})`, evidence)];
    if (excused?.kind === 'unsure') return [finding(CODES.WINDOW_EDGE_AMBIGUOUS, `concurrent: ${admitted} of ${entries.length} admitted (limit ${L}); ${excused.why}`, evidence)];
    return [finding(CODES.CONCURRENT_OVER_LIMIT, `concurrent: ${admitted} of ${entries.length} simultaneous requests admitted, limit ${L}: the limiter over-admits under concurrency (a check-then-set race; make the check and the increment one atomic step)`, evidence)];
  }
  if (entries.length <= L) {
    return [finding(CODES.STRATEGY_NOT_APPLICABLE, `concurrent: only ${entries.length} requests sent, not above the limit ${L}; raise --concurrency or --count above the limit`, evidence)];
  }
  if (!entries.some(isLimited)) return [];
  return [finding(CODES.CONCURRENT_WITHIN_LIMIT, `concurrent: ${admitted} of ${entries.length} simultaneous requests admitted, within the limit ${L}`, evidence)];
}

/**
 * Whether more than `limit` admitted in one burst can be legitimate. A sliding window: never. A
 * token bucket: up to limit + the refill during the burst. A fixed window (or unknown): up to
 * 2×limit if an edge fell inside the burst, which the reset values show as two clusters — near 0
 * (the old window ending) and near a whole window (the new one) with nothing between; a bucket's
 * time-to-full resets climb evenly instead. No reset values, or a burst too long for the clusters
 * to separate: the probe cannot tell an edge from a race.
 */
function excessExplained(entries: readonly TimelineEntry[], policy: Policy, admitted: number): { kind: 'edge' | 'unsure'; why: string } | null {
  const L = policy.limit;
  const W = policy.windowMs;
  const answered = entries.filter((e) => e.status !== null);
  const start = Math.min(...answered.map((e) => e.sendOffsetMs));
  const burstMs = Math.max(...answered.map((e) => e.sendOffsetMs + e.latencyMs)) - start;
  const tol = timeToleranceMs(W, Math.max(0, ...answered.map((e) => e.latencyMs)));
  const refillBound = L + (L * (burstMs + tol)) / W;
  if (policy.algorithm === 'sliding') return null;
  if (policy.algorithm === 'token-bucket') return admitted <= refillBound ? { kind: 'edge', why: `the refill during the ${Math.round(burstMs)}ms burst allows up to ${Math.floor(refillBound)}` } : null;
  if (admitted > 2 * L) return null;
  const withReset = answered.filter((e) => typeof e.limits?.resetSeconds === 'number');
  const resets = withReset.map((e) => e.limits!.resetSeconds!);
  if (resets.length < 2) {
    return { kind: 'unsure', why: `a race or a window edge during the ${Math.round(burstMs)}ms burst: no reset values to tell them apart; re-run, or declare --algorithm sliding if that is the policy` };
  }
  // Whole-second resets (delta or epoch seconds) are rounded, so an old window's answers may read up to 1 s off.
  const wholeSeconds = withReset.some((e) => e.limits!.resetKind === 'delta-seconds' || e.limits!.resetKind === 'epoch-seconds');
  const slack = wholeSeconds ? Math.max(tol, 1000) : tol;
  const low = (burstMs + slack) / 1000;
  const high = (W - burstMs - slack) / 1000;
  const old = resets.filter((r) => r <= low);
  const fresh = resets.filter((r) => r >= high);
  // An edge inside the burst leaves answers whose window was about to end; none means no edge.
  if (old.length > 0 && high <= low) {
    return { kind: 'unsure', why: `a race or a window edge during the ${Math.round(burstMs)}ms burst: the window is too short for the reset values to tell them apart; re-run, or declare --algorithm sliding if that is the policy` };
  }
  if (old.length > 0 && fresh.length > 0 && old.length + fresh.length === resets.length) {
    return { kind: 'edge', why: `reset values ${Math.min(...old)}–${Math.max(...old)}s (the old window ending) and ${Math.min(...fresh)}–${Math.max(...fresh)}s (a new window)` };
  }
  if (policy.algorithm === 'unknown' && admitted <= refillBound) return { kind: 'unsure', why: 'a token bucket refilling during the burst could admit this many; declare --algorithm' };
  return null;
}
