import type { Exchange } from '../http/send.js';
import { inconclusive, outcome, type Outcome } from './result.js';

const AUTH_REFUSALS = [401, 403];

export function statusList(expected: number | number[]): number[] {
  return Array.isArray(expected) ? expected : [expected];
}

function describe(set: number[]): string {
  return set.length === 1 ? String(set[0]) : `one of ${set.join(', ')}`;
}

/**
 * Status one or a set. Two answers cannot be judged as an auth result: a 404 (the route is not there,
 * so nothing about auth was learnt) and a 429 (the limiter answered before auth was looked at).
 */
export function checkStatus(ex: Exchange, expected: number | number[]): Outcome {
  const set = statusList(expected);
  const want = describe(set);
  if (set.includes(ex.status)) return outcome('status', true, `status ${ex.status}, expected ${want}`, set, ex.status);
  const expectsAuthRefusal = set.some((s) => AUTH_REFUSALS.includes(s));
  if (expectsAuthRefusal && ex.status === 404) {
    return inconclusive('status', `route not found — check the path (expected ${want}, got 404)`, set, ex.status);
  }
  if (expectsAuthRefusal && ex.status === 429) {
    const retry = ex.headers['retry-after'];
    return inconclusive('status', `rate limited before auth could be judged (expected ${want}, got 429${retry ? `, Retry-After ${retry}` : ''})`, set, ex.status);
  }
  return outcome('status', false, `expected status ${want}, got ${ex.status}`, set, ex.status);
}
