import type { Finding } from '../../model/result.js';
import { CODES, finding } from '../codes.js';
import { isLimited } from '../classify.js';
import type { Policy, TimelineEntry } from '../types.js';
import { maxInSpan, timeToleranceMs, tokenBucketExcess } from '../window-count.js';

/**
 * Admitted requests against the declared policy, judged per algorithm over one identity's
 * stream (in send order):
 *  - sliding: at most `limit` in any window;
 *  - fixed: at most `limit` per window, so up to 2×limit across a window edge — an edge inside
 *    the probe is reported, not blamed, when the answers show it (a reset, or admitted after limited);
 *  - unknown: like fixed when an edge is visible, otherwise INCONCLUSIVE rather than a guess;
 *  - token-bucket: at most `limit` + refill (limit per window) over any interval.
 * Only judged when a limited answer was seen; the stream without one belongs to judgeNotEnforced.
 */
export function judgeWindow(entries: readonly TimelineEntry[], policy: Policy, label = 'sequential'): Finding[] {
  if (!entries.some(isLimited)) return [];
  const admitted = entries.filter((e) => e.outcome === 'admitted');
  const times = admitted.map((e) => e.sendOffsetMs).sort((a, b) => a - b);
  const maxLatency = Math.max(0, ...entries.map((e) => e.latencyMs));
  const tol = timeToleranceMs(policy.windowMs, maxLatency);
  const L = policy.limit;
  if (policy.algorithm === 'token-bucket') {
    const tb = tokenBucketExcess(times, L, policy.windowMs, tol);
    if (tb.excess < 1) return [];
    return [finding(CODES.ADMITTED_OVER_LIMIT, `${label}: admitted ${tb.count} requests within ${Math.round(tb.spanMs)}ms; a token bucket of ${L} per ${policy.windowMs}ms allows at most ${Math.floor(L + (L * (tb.spanMs + tol)) / policy.windowMs)}`, { admitted: tb.count, spanMs: Math.round(tb.spanMs), limit: L })];
  }
  const span = maxInSpan(times, Math.max(1, policy.windowMs - tol));
  if (span.count <= L) return [];
  const { edge, contradicted } = windowEdgeSeen(entries, policy.windowMs, tol);
  const evidence = { admittedInOneWindow: span.count, limit: L, windowMs: policy.windowMs, edge };
  const counts = `${span.count} admitted within one ${policy.windowMs}ms window (limit ${L})`;
  if (span.count > 2 * L) return [finding(CODES.ADMITTED_OVER_LIMIT, `${label}: ${counts}; more than even a fixed-window edge (2×limit) allows`, evidence)];
  const noEdge = edge ? null : contradicted ?? noResetInside(admitted, span.startMs, span.count, tol);
  if (noEdge) return [finding(CODES.ADMITTED_OVER_LIMIT, `${label}: ${counts}, and ${noEdge}: no window edge can explain it`, { ...evidence, edge: null })];
  if (policy.algorithm === 'sliding') {
    return [finding(CODES.SLIDING_WINDOW_VIOLATED, `${label}: ${counts}; a sliding window was declared ("at most ${L} in any window") but the limiter behaves like a fixed window${edge ? ` (${edge})` : ''}`, evidence)];
  }
  if (edge) return [finding(CODES.WINDOW_EDGE_BURST, `${label}: ${counts} across a window edge (${edge}); a fixed window allows up to 2×limit there`, evidence)];
  if (policy.algorithm === 'fixed') {
    return [finding(CODES.WINDOW_EDGE_AMBIGUOUS, `${label}: ${counts} and no window edge was visible (no reset in headers, nothing admitted after a limited answer); cannot tell a fixed-window edge from over-admission`, evidence)];
  }
  return [finding(CODES.WINDOW_EDGE_AMBIGUOUS, `${label}: ${counts}; with --algorithm unknown and no visible window edge the probe cannot tell a fixed-window edge from over-admission (declare --algorithm)`, evidence)];
}

/**
 * Evidence that a window ended inside the stream: Remaining rose, or an admitted answer followed a
 * limited one. Only believed when the timing allows it: an answer that advertised when its budget
 * returns (a reset or Retry-After within the window) rules out an edge before that moment — an
 * admission 1 ms after "retry in 60 s" is a limiter forgetting its count, not a new window.
 * `contradicted` names the first such impossible edge, for the message.
 */
export function windowEdgeSeen(entries: readonly TimelineEntry[], windowMs: number, tolMs: number): { edge: string | null; contradicted: string | null } {
  let limited: TimelineEntry | null = null;
  let prev: TimelineEntry | null = null;
  let contradicted: string | null = null;
  for (const e of entries) {
    if (isLimited(e) && limited === null) limited = e;
    if (e.outcome === 'admitted' && limited !== null) {
      const early = tooEarly(limited, e, windowMs, tolMs);
      if (!early) return { edge: `request ${e.index} admitted after request ${limited.index} was limited`, contradicted };
      contradicted ??= `request ${e.index} was admitted ${early} after request ${limited.index} was limited`;
      limited = null;
    }
    const r = e.limits?.remaining ?? null;
    const before = prev?.limits?.remaining ?? null;
    if (r !== null && before !== null && r > before) {
      const early = tooEarly(prev!, e, windowMs, tolMs);
      if (!early) return { edge: `Remaining rose from ${before} to ${r} at request ${e.index}`, contradicted };
      contradicted ??= `Remaining rose from ${before} to ${r} at request ${e.index}, ${early} after request ${prev!.index}`;
    }
    if (r !== null) prev = e;
  }
  return { edge: null, contradicted };
}

/**
 * "1ms, though it said the budget returns in 60s" when `later` was sent before the budget `earlier`
 * advertised could have returned; null when the timing allows an edge. Values beyond the window are
 * ignored here (the Retry-After and header rules judge them), and whole seconds may be rounded up.
 */
function tooEarly(earlier: TimelineEntry, later: TimelineEntry, windowMs: number, tolMs: number): string | null {
  const valid = (x: number | null | undefined): x is number => typeof x === 'number' && x > 0 && x * 1000 <= windowMs + tolMs;
  const candidates = [earlier.limits?.resetSeconds, earlier.retryAfter?.seconds].filter(valid);
  if (candidates.length === 0) return null;
  const reset = Math.min(...candidates);
  const gap = later.sendOffsetMs - earlier.sendOffsetMs;
  if (gap >= reset * 1000 - Math.max(tolMs, 1000)) return null;
  return `${Math.round(gap)}ms later, though it said the budget returns in ${reset}s`;
}

/**
 * Proof that no window rolled over inside the span: the first admitted answer of the span
 * advertised a reset that lies after the last one of the span was sent. Until that moment neither
 * a fixed window nor a sliding log frees a slot, so everything in the span shares one window.
 */
function noResetInside(admitted: readonly TimelineEntry[], startMs: number, count: number, tolMs: number): string | null {
  const inSpan = admitted.filter((e) => e.sendOffsetMs >= startMs).sort((a, b) => a.sendOffsetMs - b.sendOffsetMs).slice(0, count);
  const first = inSpan[0];
  const last = inSpan[inSpan.length - 1];
  const reset = first?.limits?.resetSeconds;
  if (!first || !last || typeof reset !== 'number' || reset <= 0) return null;
  const resetAt = first.sendOffsetMs + reset * 1000;
  if (last.sendOffsetMs >= resetAt - tolMs) return null;
  return `request ${first.index} advertised a reset in ${reset}s while requests ${first.index}-${last.index} were sent within ${Math.round(last.sendOffsetMs - first.sendOffsetMs)}ms`;
}
