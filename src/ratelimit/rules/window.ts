import type { Finding } from '../../model/result.js';
import { CODES, finding } from '../codes.js';
import { isLimited } from '../classify.js';
import type { Policy, TimelineEntry } from '../types.js';
import { maxInWindow, serverSpanMs, slackMs, timeToleranceMs, tokenBucketExcess } from '../window-count.js';

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
  const admitted = entries.filter((e) => e.outcome === 'admitted').sort((a, b) => a.sendOffsetMs - b.sendOffsetMs);
  const L = policy.limit;
  if (policy.algorithm === 'token-bucket') {
    const tb = tokenBucketExcess(admitted, L, policy.windowMs);
    if (tb.excess < 1) return [];
    return [finding(CODES.ADMITTED_OVER_LIMIT, `${label}: admitted ${tb.count} requests within ${Math.round(tb.spanMs)}ms; a token bucket of ${L} per ${policy.windowMs}ms allows at most ${Math.floor(L + (L * (tb.spanMs + slackMs(policy.windowMs))) / policy.windowMs)}`, { admitted: tb.count, spanMs: Math.round(tb.spanMs), limit: L })];
  }
  const span = maxInWindow(admitted, policy.windowMs);
  if (span.count <= L) return [];
  const edge = windowEdgeSeen(entries);
  const evidence = { admittedInOneWindow: span.count, limit: L, windowMs: policy.windowMs, edge };
  const counts = `${span.count} admitted within one ${policy.windowMs}ms window (limit ${L})`;
  if (span.count > 2 * L) return [finding(CODES.ADMITTED_OVER_LIMIT, `${label}: ${counts}; more than even a fixed-window edge (2×limit) allows`, evidence)];
  const impossible = impossibleEdges(entries, policy);
  if (impossible) return [finding(CODES.ADMITTED_OVER_LIMIT, `${label}: ${counts}, and ${impossible}`, { ...evidence, edge: null })];
  const noEdge = edge ? null : noResetInside(admitted, span.startMs, span.count, timeToleranceMs(policy.windowMs, 0));
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
 * Evidence that a window ended inside the stream: Remaining rose, an admitted answer followed a
 * limited one, or the advertised window end (send time + reset) moved forward by more than its
 * rounding — a fixed window's end only moves at an edge.
 */
function windowEdgeSeen(entries: readonly TimelineEntry[]): string | null {
  let limitedAt: number | null = null;
  let prevRemaining: number | null = null;
  let prevEnd: number | null = null;
  for (const e of entries) {
    if (isLimited(e) && limitedAt === null) limitedAt = e.index;
    if (e.outcome === 'admitted' && limitedAt !== null) return `request ${e.index} admitted after request ${limitedAt} was limited`;
    const r = e.limits?.remaining ?? null;
    if (r !== null && prevRemaining !== null && r > prevRemaining) return `Remaining rose from ${prevRemaining} to ${r} at request ${e.index}`;
    if (r !== null) prevRemaining = r;
    const reset = e.limits?.resetSeconds;
    if (typeof reset === 'number') {
      const end = e.sendOffsetMs + reset * 1000;
      const rounding = e.limits!.resetKind === 'epoch-ms' ? 50 : 1000;
      if (prevEnd !== null && end > prevEnd + rounding + e.latencyMs) return `the advertised window end moved ${Math.round(end - prevEnd)}ms later at request ${e.index}`;
      prevEnd = end;
    }
  }
  return null;
}

/** The answers admitted right after a limited one, in send order: where a window edge (or a refill) would be. */
export function readmissions(entries: readonly TimelineEntry[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  let limited = false;
  for (const e of entries) {
    if (isLimited(e)) limited = true;
    else if (e.outcome === 'admitted' && limited) {
      out.push(e);
      limited = false;
    }
  }
  return out;
}

/**
 * Two re-admissions closer together than any legitimate limiter allows: the fastest a limiter of
 * `limit` per window frees slots is one per window/limit (a token bucket, a sliding counter; a
 * fixed window only once per window). Closer than that (at the server, latency counted), the limiter
 * forgot its count (a key deleted on rejection) or several instances keep their own counters.
 * Sliding and token-bucket declarations are judged by their own counts instead.
 */
function impossibleEdges(entries: readonly TimelineEntry[], policy: Policy): string | null {
  if (policy.algorithm !== 'fixed' && policy.algorithm !== 'unknown') return null;
  // Not a whole window even for `fixed`: a sliding counter declared fixed frees a slot every window/limit.
  const minGap = policy.windowMs / policy.limit - slackMs(policy.windowMs);
  const again = readmissions(entries);
  for (let i = 1; i < again.length; i++) {
    // The longest gap the server can have seen: a slow answer only widens its own pair.
    const gap = serverSpanMs(again[i - 1], again[i]);
    if (gap < minGap) {
      const what = `no fixed window, sliding counter or token bucket of ${policy.limit} per ${policy.windowMs}ms frees a slot that soon (one per ${Math.round(policy.windowMs / policy.limit)}ms at most): the limiter forgets its count or several instances keep their own`;
      return `requests ${again[i - 1].index} and ${again[i].index} were both admitted right after limited answers, at most ${Math.round(gap)}ms apart at the server: ${what}`;
    }
  }
  return null;
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
  // Whole-second resets are rounded up: the window may end up to 1 s sooner than they say.
  const rounding = Number.isInteger(reset) ? 1000 : 0;
  if (last.sendOffsetMs + last.latencyMs >= resetAt - tolMs - rounding) return null;
  return `request ${first.index} advertised a reset in ${reset}s while requests ${first.index}-${last.index} were sent within ${Math.round(last.sendOffsetMs - first.sendOffsetMs)}ms`;
}
