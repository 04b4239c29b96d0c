import type { Outcome, Policy, TimelineEntry } from './types.js';

/** The parts of an answer classification needs (a TimelineEntry before its outcome is known). */
export type RawEntry = Omit<TimelineEntry, 'outcome'>;

/** Statuses limiters use in place of 429 (nginx 503, django-ratelimit 403, Twitter's old 420, 509). */
const WRONG_LIMIT_STATUSES = new Set([403, 420, 503, 509]);

/**
 * Classifies one identity's answers in sending order. The same status means different things in
 * context: a 403 or 503 after admitted answers is a limiter answering with the wrong status; on
 * the very first request it means missing credentials or a broken server.
 */
export function classifyStream(entries: RawEntry[], policy: Pick<Policy, 'limitedStatus'>): TimelineEntry[] {
  let admittedSoFar = 0;
  return entries.map((e) => {
    const outcome = classifyOne(e, admittedSoFar > 0, policy.limitedStatus);
    if (outcome === 'admitted') admittedSoFar++;
    return { ...e, outcome };
  });
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
