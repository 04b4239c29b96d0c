import type { Outcome, Policy, TimelineEntry } from './types.js';

/** The parts of an answer classification needs (a TimelineEntry before its outcome is known). */
export type RawEntry = Omit<TimelineEntry, 'outcome'>;

/** Statuses limiters use in place of 429 (nginx 503, django-ratelimit 403, Twitter's old 420, 509). */
const WRONG_LIMIT_STATUSES = new Set([403, 420, 503, 509]);

/**
 * Classifies one identity's answers in sending order. The same status means different things in
 * context: a 403 or 503 after admitted answers is a limiter answering with the wrong status; on
 * the very first request it means missing credentials or a broken server.
 *
 * Such a wrong-status answer with no sign of the limiter on it (no limit text, Retry-After or
 * Remaining 0) is only taken for the limiter's when nothing says otherwise. It is an ordinary
 * error instead when the limiter is seen answering with the declared status (in this stream, or
 * `declaredStatusSeen` from another one), or when the last rate-limit headers of the declared limit
 * still showed budget left: one upstream 503 or an "already subscribed" body is not a limit.
 */
export function classifyStream(entries: RawEntry[], policy: Pick<Policy, 'limitedStatus' | 'limit'>, opts: { declaredStatusSeen?: boolean } = {}): TimelineEntry[] {
  let admittedSoFar = 0;
  const first = entries.map((e) => {
    const outcome = classifyOne(e, admittedSoFar > 0, policy.limitedStatus);
    if (outcome === 'admitted') admittedSoFar++;
    return { ...e, outcome };
  });
  const declaredSeen = opts.declaredStatusSeen || first.some((e) => e.outcome === 'limited');
  let remaining: number | null = null;
  return first.map((e) => {
    const before = remaining;
    // Only headers of the declared limit speak for this limiter (a gateway's daily quota does not).
    const own = e.limits && (e.limits.limit === null || e.limits.limit === policy.limit) ? e.limits.remaining : null;
    const left = own ?? remaining;
    if (own !== null) remaining = own;
    if (e.outcome !== 'limited-wrong-status') return e;
    // Remaining 0 on an answer is the last unit spent, not a refusal, unless the budget was gone before it.
    const onlyRemainingZero = e.limitSignal === REMAINING_ZERO && before !== null && before > 0;
    if (e.limitSignal !== undefined && !onlyRemainingZero) return e;
    if (!declaredSeen && !(left !== null && left > 0) && !onlyRemainingZero) return e;
    const notLimit = declaredSeen ? `the limiter answers ${policy.limitedStatus} elsewhere` : `Remaining was ${onlyRemainingZero ? before : left}`;
    return { ...e, outcome: otherOutcome(e.status!), notLimit };
  });
}

/** The limit signal observe() gives for Remaining 0 alone. */
export const REMAINING_ZERO = 'rate-limit headers show Remaining 0';

/** An unsignalled error that is not the limiter's: a 2xx error body passed the limiter. */
function otherOutcome(status: number): Outcome {
  if (status >= 200 && status < 300) return 'admitted';
  return status >= 500 ? 'server-error' : 'error-answer';
}

function classifyOne(e: RawEntry, afterAdmitted: boolean, limitedStatus: number): Outcome {
  const s = e.status;
  if (s === null) return 'network-error';
  if (s === limitedStatus || s === 429) return 'limited';
  const signalled = e.limitSignal !== undefined;
  if (s >= 200 && s < 300) {
    if (e.errorBody === undefined) return 'admitted';
    return signalled || afterAdmitted ? 'limited-wrong-status' : 'unreached';
  }
  if (s >= 300 && s < 400) return 'unreached';
  if (s === 401 || s === 404 || s === 405 || s === 410) return 'unreached';
  if (WRONG_LIMIT_STATUSES.has(s)) {
    if (signalled || afterAdmitted) return 'limited-wrong-status';
    return s === 403 ? 'unreached' : 'server-error';
  }
  if (signalled) return 'limited-wrong-status';
  return s >= 500 ? 'server-error' : 'unreached';
}

/** Limited with the right status or with a wrong one: either way the limiter said no. */
export function isLimited(e: TimelineEntry): boolean {
  return e.outcome === 'limited' || e.outcome === 'limited-wrong-status';
}
