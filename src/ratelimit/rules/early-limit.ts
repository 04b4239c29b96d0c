import type { Finding } from '../../model/result.js';
import { CODES, finding } from '../codes.js';
import { isLimited } from '../classify.js';
import type { Policy, TimelineEntry } from '../types.js';

/**
 * The first limited answer should come after `limit` admitted ones. Sooner is a FAIL unless a
 * Remaining on the first answer shows budget consumed before the probe started. Headers that
 * advertise a smaller limit explain the early limit but do not excuse it: the server enforces
 * another policy than the declared one (FAIL, naming both). A token/leaky bucket legitimately limits
 * sooner (its burst is smaller than its rate per window): reported as the burst tolerance seen.
 */
export function judgeEarlyLimit(entries: readonly TimelineEntry[], policy: Policy): Finding[] {
  const firstIdx = entries.findIndex(isLimited);
  if (firstIdx < 0) return [];
  const first = entries[firstIdx];
  const before = entries.slice(0, firstIdx).filter((e) => e.outcome === 'admitted').length;
  const L = policy.limit;
  if (policy.algorithm === 'token-bucket') return [burstTolerance(entries, firstIdx, before, policy)];
  if (before >= L) return [];
  const explained = headerExplanation(entries, before, L);
  if (explained?.advertised !== undefined) {
    return [finding(CODES.LIMITED_TOO_EARLY, `limited too early: request ${first.index} was limited after ${before} admitted; the server advertises and enforces a limit of ${explained.advertised}, not the declared ${L}${explained.prior ? ` (${explained.prior})` : ''}: fix the server's limit or the declared one`, { admittedBefore: before, limit: L, advertised: explained.advertised, firstLimitedAt: first.index })];
  }
  if (explained) return [finding(CODES.PRIOR_CONSUMPTION, `first limited at request ${first.index} after ${before} admitted (declared ${L}), as the headers explain: ${explained.prior}`, { admittedBefore: before, limit: L })];
  if (policy.priorRequests > 0 && before + policy.priorRequests >= L) {
    return [finding(CODES.PRIOR_CONSUMPTION, `first limited at request ${first.index} after ${before} admitted (declared ${L}): earlier phases of this run sent ${policy.priorRequests} requests to this route within the window`, { admittedBefore: before, limit: L, priorRequests: policy.priorRequests })];
  }
  const edge = policy.algorithm === 'fixed' ? edgeAfter(entries, firstIdx, L) : null;
  if (edge) {
    return [finding(CODES.PRIOR_CONSUMPTION, `first limited at request ${first.index} after ${before} admitted (declared ${L}), then ${edge}: with a fixed window the budget before that edge was partly used before the probe started`, { admittedBefore: before, limit: L })];
  }
  if (before === 0) {
    return [finding(CODES.FIRST_REQUEST_LIMITED, `the very first request was limited (${first.status}): the budget was used before the probe started (another client, a previous run); wait one window and re-run`, { status: first.status })];
  }
  const other = otherPolicyExhausted(first, L);
  if (other) {
    return [finding(CODES.LIMITED_TOO_EARLY, `limited too early: request ${first.index} was limited after only ${before} admitted, declared limit ${L}, by another policy the server advertises (${other}): the declared one is not the binding limit; declare that policy to probe it`, { admittedBefore: before, limit: L, firstLimitedAt: first.index, otherPolicy: other })];
  }
  return [finding(CODES.LIMITED_TOO_EARLY, `limited too early: request ${first.index} was limited after only ${before} admitted, declared limit ${L}, and no header explains it${policy.algorithm === 'unknown' ? ' (if this is a token/leaky bucket such as nginx limit_req, declare --algorithm token-bucket)' : ''}`, { admittedBefore: before, limit: L, firstLimitedAt: first.index })];
}

/**
 * Why the headers say the limit came at `before`, or null when they do not: a smaller advertised
 * limit (`advertised`: the server's policy differs from the declared one, which a PASS must not
 * hide) and/or budget used before the probe (`prior`, from the first Remaining).
 */
function headerExplanation(entries: readonly TimelineEntry[], before: number, declared: number): { advertised?: number; prior?: string } | null {
  const first = entries.find((e) => e.limits && (e.limits.limit !== null || e.limits.remaining !== null));
  if (!first?.limits) return null;
  const advertised = first.limits.limit ?? declared;
  const r0 = first.limits.remaining;
  // The first answer already consumed one unit, so an untouched budget shows advertised − 1.
  const prior = r0 === null ? 0 : Math.max(0, advertised - 1 - r0);
  const expected = advertised - prior;
  if (before < expected) return null;
  const out: { advertised?: number; prior?: string } = {};
  if (advertised < declared) out.advertised = advertised;
  if (prior > 0) out.prior = `${prior} ${prior === 1 ? 'was' : 'were'} already consumed before the probe (first Remaining ${r0})`;
  return out.advertised !== undefined || out.prior ? out : null;
}

/** "10 per 1s, remaining 0": a smaller advertised policy (draft 8, Kong periods) that is spent on the limited answer. */
function otherPolicyExhausted(limited: TimelineEntry, declared: number): string | null {
  const spent = limited.allLimits.find((h) => h.limit !== null && h.limit < declared && h.remaining === 0);
  if (!spent) return null;
  const per = spent.windowSeconds !== null ? ` per ${spent.windowSeconds}s` : '';
  return `${spent.policy ? `"${spent.policy}" ` : ''}${spent.limit}${per}, remaining 0`;
}

function burstTolerance(entries: readonly TimelineEntry[], firstIdx: number, before: number, policy: Policy): Finding {
  const after = entries.slice(firstIdx).filter((e) => e.outcome === 'admitted');
  const tail = entries.slice(firstIdx);
  const spanMs = tail.length > 1 ? tail[tail.length - 1].sendOffsetMs - tail[0].sendOffsetMs : 0;
  const rate = spanMs > 0 ? (after.length / spanMs) * 1000 : null;
  const declaredRate = (policy.limit / policy.windowMs) * 1000;
  const tokenMs = policy.windowMs / policy.limit;
  const rateText = after.length === 0
    ? `; the refill rate was not observed (nothing admitted in the ${Math.round(spanMs)}ms after the first limit, one token takes ${Math.round(tokenMs)}ms): add --recover or a --count that lasts several tokens to check it`
    : rate === null ? '' : `; afterwards ${after.length} more admitted over ${Math.round(spanMs)}ms (≈${rate.toFixed(1)}/s, declared ${declaredRate.toFixed(1)}/s)`;
  return finding(
    CODES.BURST_TOLERANCE,
    `token/leaky bucket: ${before} back-to-back requests admitted before the first limited answer (burst tolerance ≈ ${Math.max(0, before - 1)} beyond the first)${rateText}`,
    { admittedBeforeFirstLimit: before, admittedAfter: after.length, spanMs: Math.round(spanMs), declaredRatePerSecond: declaredRate },
  );
}

/**
 * A fixed-window edge after the early limit, followed by a full budget (or the end of the stream):
 * the early limit belongs to the window before the edge, whose budget the probe did not see whole.
 */
function edgeAfter(entries: readonly TimelineEntry[], firstIdx: number, limit: number): string | null {
  const rest = entries.slice(firstIdx);
  const resumed = rest.findIndex((e) => e.outcome === 'admitted');
  if (resumed < 0) return null;
  const after = rest.slice(resumed);
  const nextLimit = after.findIndex(isLimited);
  const admittedAfter = (nextLimit < 0 ? after : after.slice(0, nextLimit)).filter((e) => e.outcome === 'admitted').length;
  if (nextLimit >= 0 && admittedAfter < limit) return null;
  return `a window edge at request ${after[0].index} (admitted again, ${admittedAfter} before ${nextLimit < 0 ? 'the end of the stream' : 'the next limit'})`;
}
