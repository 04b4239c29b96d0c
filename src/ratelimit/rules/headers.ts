import type { Finding } from '../../model/result.js';
import { CODES, finding } from '../codes.js';
import { isLimited } from '../classify.js';
import type { Policy, TimelineEntry } from '../types.js';
import { retryAfterSlackSeconds } from '../retry-after.js';

const DIALECT_NAMES: Record<string, string> = {
  legacy: 'X-RateLimit-*',
  draft6: 'RateLimit-* (IETF draft ≤ 06)',
  draft7: 'RateLimit (IETF draft 07)',
  draft8: 'RateLimit/RateLimit-Policy (IETF draft 08+)',
  kong: 'X-RateLimit-*-<period> (Kong)',
};

/**
 * What the rate-limit headers say, checked against the declared policy and against themselves.
 * `ordered` is false when answers may arrive out of order (concurrency > 1): then Remaining is
 * not expected to fall monotonically and is not judged for rises.
 */
export function judgeHeaders(entries: readonly TimelineEntry[], policy: Policy, ordered: boolean): Finding[] {
  const out: Finding[] = [];
  const headed = entries.filter((e) => e.limits !== null);
  const limitedNoHeaders = entries.filter((e) => isLimited(e) && e.limits === null);
  if (headed.length === 0) {
    if (entries.some(isLimited)) out.push(finding(CODES.NO_LIMIT_HEADERS, 'no rate-limit headers on any answer: clients cannot see their budget before they are limited'));
    return out;
  }
  if (limitedNoHeaders.length > 0) {
    out.push(finding(CODES.NO_LIMIT_HEADERS, `${limitedNoHeaders.length} limited answers carried no rate-limit headers`, { count: limitedNoHeaders.length }));
  }
  const dialects = new Map<string, TimelineEntry>();
  for (const e of headed) for (const h of e.allLimits) if (!dialects.has(h.dialect)) dialects.set(h.dialect, e);
  for (const [dialect, e] of dialects) {
    const h = e.allLimits.find((x) => x.dialect === dialect)!;
    const reset = h.resetKind === 'none' ? 'no reset value' : `reset as ${h.resetKind.replace('-', ' ')}`;
    out.push(finding(CODES.RESET_FORMAT, `headers: ${DIALECT_NAMES[dialect] ?? dialect}, ${reset}${h.policy ? `, policy "${h.policy}"` : ''}`, { dialect, resetKind: h.resetKind }));
  }
  const withLimit = headed.find((e) => e.limits!.limit !== null);
  if (withLimit && withLimit.limits!.limit !== policy.limit) {
    const advertised = withLimit.limits!.limit;
    out.push(finding(CODES.DECLARED_LIMIT_MISMATCH, `declared limit ${policy.limit} but the server advertises ${advertised} (${withLimit.limits!.dialect}); if ${advertised} is the intended policy, re-run with --limit ${advertised}`, { declared: policy.limit, advertised }));
  }
  const longer = windowLongerThanDeclared(headed, policy);
  if (longer) out.push(longer);
  const negative = headed.find((e) => (e.limits!.remaining ?? 0) < 0);
  if (negative) {
    out.push(finding(CODES.REMAINING_NEGATIVE, `Remaining is negative (${negative.limits!.remaining}) at request ${negative.index}: the counter runs past the limit and the header leaks it`, { index: negative.index, remaining: negative.limits!.remaining }));
  }
  // A token bucket refills continuously, so its Remaining rises without any reset.
  if (ordered && policy.algorithm !== 'token-bucket') {
    const rise = remainingRiseWithoutReset(headed);
    if (rise) out.push(rise);
  }
  return out;
}

/**
 * A policy window (w=, a Kong period) or a reset beyond the declared window (+ the Retry-After
 * slack) on headers of the declared limit: the server's window is longer than declared, so limited
 * clients wait longer than promised. Headers of another limit are another policy, not judged here.
 */
function windowLongerThanDeclared(headed: readonly TimelineEntry[], policy: Policy): Finding | null {
  const maxS = policy.windowMs / 1000 + retryAfterSlackSeconds(policy.windowMs);
  for (const e of headed) {
    const h = e.limits!;
    // Kong sends one reset for its most exhausted period; draft 6/7 policy lists have no fixed order.
    if (h.dialect === 'kong' || (h.limit !== null && h.limit !== policy.limit)) continue;
    const [what, seconds] = h.dialect === 'draft8' && h.windowSeconds !== null && h.windowSeconds > maxS
      ? ['advertises a window of', h.windowSeconds]
      // Epoch resets depend on the two clocks agreeing: only a delta is trusted enough to FAIL on.
      : h.resetKind === 'delta-seconds' && h.resetSeconds !== null && h.resetSeconds > maxS ? ['says the budget resets in', h.resetSeconds] : [null, 0];
    if (what === null) continue;
    return finding(CODES.WINDOW_LONGER_THAN_DECLARED, `request ${e.index}: the ${h.dialect} header ${what} ${seconds}s, but the declared window is ${policy.windowMs / 1000}s: limited clients wait longer than declared (check --window, or the server's window)`, { index: e.index, seconds, declaredSeconds: policy.windowMs / 1000 });
  }
  return null;
}

/** Remaining must only rise once the previous answer's reset time has passed (1 s tolerance for rounding). */
function remainingRiseWithoutReset(headed: readonly TimelineEntry[]): Finding | null {
  for (let i = 1; i < headed.length; i++) {
    const prev = headed[i - 1];
    const cur = headed[i];
    const pr = prev.limits!.remaining;
    const cr = cur.limits!.remaining;
    if (pr === null || cr === null || cr <= pr) continue;
    const resetMs = (prev.limits!.resetSeconds ?? Infinity) * 1000;
    const elapsed = cur.sendOffsetMs - prev.sendOffsetMs;
    if (elapsed < resetMs - 1000) {
      return finding(CODES.REMAINING_ROSE_WITHOUT_RESET, `Remaining rose from ${pr} to ${cr} between requests ${prev.index} and ${cur.index} (${Math.round(elapsed)}ms apart) although the reset was ${prev.limits!.resetSeconds}s away`, { from: pr, to: cr, elapsedMs: Math.round(elapsed) });
    }
  }
  return null;
}
