import type { Finding } from '../../model/result.js';
import { CODES, finding } from '../codes.js';
import { isLimited } from '../classify.js';
import type { Policy, TimelineEntry } from '../types.js';
import { maxInWindow } from '../window-count.js';

/** What the probe learned about the route around it (see exempt-check.ts). */
export interface RouteEvidence {
  /** Why the route looks exempt from rate limiting (health-style path, a sibling with limit headers), or null. */
  exempt: string | null;
  /** What was looked at to decide, for the message ("GET /api/v1 → 404 without limit headers"). */
  checked: string[];
  /** Why the limiter seems to be failing open (health reports the store down...), or null. */
  failOpen: string | null;
}

export const NO_ROUTE_EVIDENCE: RouteEvidence = { exempt: null, checked: [], failOpen: null };

/**
 * No limited answer at all. With no more than `limit` answers the probe could not have seen one
 * (INCONCLUSIVE). Otherwise the limit was not enforced — unless the route looks exempt (the
 * /health mistake: INCONCLUSIVE, probe a limited route instead) or the limiter is failing open.
 */
export function judgeNotEnforced(entries: readonly TimelineEntry[], policy: Policy, route: RouteEvidence): Finding[] {
  if (entries.some(isLimited)) return [];
  const admitted = entries.filter((e) => e.outcome === 'admitted').length;
  if (admitted === 0) return [];
  const L = policy.limit;
  if (admitted <= L) {
    return [finding(CODES.COUNT_NOT_ABOVE_LIMIT, `only ${admitted} requests were admitted and none limited; with the declared limit ${L} the probe cannot see the limit (use --count above ${L})`, { admitted, limit: L })];
  }
  // Slow answers spread a sequential stream out: more than L in all, but never L+1 inside one window.
  const sorted = entries.filter((e) => e.outcome === 'admitted').sort((a, b) => a.sendOffsetMs - b.sendOffsetMs);
  const busiest = maxInWindow(sorted, policy.windowMs).count;
  if (busiest <= L) {
    return [finding(CODES.COUNT_NOT_ABOVE_LIMIT, `${admitted} requests were admitted, but never more than ${busiest} within one ${policy.windowMs}ms window (answers took up to ${Math.round(Math.max(0, ...entries.map((e) => e.latencyMs)))}ms): the declared limit ${L} was never exceeded, so it could not be seen; send faster (--concurrency ${L + 1} fires a simultaneous burst)`, { admitted, busiestWindow: busiest, limit: L })];
  }
  const headed = entries.filter((e) => e.limits !== null);
  const checked = route.checked.length > 0 ? ` (checked: ${route.checked.join('; ')})` : '';
  if (headed.length === 0 && route.exempt) {
    return [finding(CODES.ROUTE_APPEARS_EXEMPT, `route appears exempt from rate limiting: ${route.exempt}; ${admitted} requests admitted without limit headers. Probe a limited API route instead${checked}`, { admitted, checked: route.checked })];
  }
  if (route.failOpen) {
    if (policy.failOpenAllowed) {
      return [finding(CODES.FAIL_OPEN_ALLOWED, `the limiter is failing open (${route.failOpen}), which --fail-open-allowed declares acceptable; the limit itself could not be verified`, { admitted })];
    }
    return [finding(CODES.LIMITER_FAIL_OPEN, `limiter fails open: all ${admitted} requests admitted (limit ${L}) while ${route.failOpen}`, { admitted, limit: L })];
  }
  const last = headed[headed.length - 1]?.limits;
  const headerNote = last ? `; the headers still say limit ${last.limit ?? '?'}, remaining ${last.remaining ?? '?'}` : ', and no rate-limit headers were sent';
  return [finding(CODES.LIMIT_NOT_ENFORCED, `limit not enforced: all ${admitted} requests admitted, declared limit ${L} per ${policy.windowMs}ms${headerNote}${checked}`, { admitted, limit: L })];
}

/** The PASS evidence: the first limited answer, with the declared status, where the policy puts it. */
export function judgeEnforced(entries: readonly TimelineEntry[], policy: Policy): Finding[] {
  const idx = entries.findIndex(isLimited);
  if (idx < 0 || entries[idx].outcome !== 'limited') return [];
  const before = entries.slice(0, idx).filter((e) => e.outcome === 'admitted').length;
  const e = entries[idx];
  return [finding(CODES.LIMIT_ENFORCED, `limit enforced: request ${e.index} was limited with ${e.status} after ${before} admitted (declared ${policy.limit} per ${policy.windowMs}ms)`, { firstLimitedAt: e.index, admittedBefore: before, status: e.status })];
}
