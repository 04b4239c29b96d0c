import type { Exchange } from '../http/send.js';
import { errorBodyReason, mentionsRateLimit } from './body.js';
import { REMAINING_ZERO, type RawEntry } from './classify.js';
import { parseLimitHeaders, selectLimits } from './headers.js';
import { parseRetryAfter } from './retry-after.js';

/** What the probe reads from one answer, before it knows where the answer sits in its stream. */
export type Observation = Pick<RawEntry, 'status' | 'latencyMs' | 'limits' | 'allLimits' | 'retryAfter' | 'errorBody' | 'limitSignal' | 'allowOrigin'>;

/** A store outage reads like "rate limiter unavailable": that is a broken route, not a limit. */
const OUTAGE_TEXT = /unavailable|unreachable|cannot be reached|can't be reached|connection refused|is down|timed? ?out/i;

/**
 * Reads the limit headers, Retry-After, error bodies and CORS of one answer. `originSent` says
 * whether the request carried an Origin (only then is a missing Access-Control-Allow-Origin news).
 */
export function observe(ex: Exchange, declaredLimit: number, nowMs: number, originSent: boolean): Observation {
  const allLimits = parseLimitHeaders(ex.headers, nowMs);
  const limits = selectLimits(allLimits, declaredLimit);
  const retryAfter = parseRetryAfter(ex.headers['retry-after'], nowMs);
  const is2xx = ex.status >= 200 && ex.status < 300;
  const errorBody = is2xx ? errorBodyReason(ex.body) ?? undefined : undefined;
  const obs: Observation = { status: ex.status, latencyMs: ex.latencyMs, limits, allLimits, retryAfter };
  if (errorBody !== undefined) obs.errorBody = errorBody;
  const signal = ex.status === 429 ? undefined : limitSignal(ex, limits?.remaining ?? null, is2xx && errorBody === undefined);
  if (signal !== undefined) obs.limitSignal = signal;
  if (originSent) obs.allowOrigin = ex.headers['access-control-allow-origin'] ?? null;
  return obs;
}

/** Why a non-429 answer reads like a limiter's answer, or undefined. A plain 2xx never does. */
function limitSignal(ex: Exchange, remaining: number | null, plainSuccess: boolean): string | undefined {
  if (plainSuccess) return undefined;
  const body = ex.body.slice(0, 4096);
  if (mentionsRateLimit(body) && !OUTAGE_TEXT.test(body)) return 'the body talks about rate limiting';
  if (ex.headers['retry-after'] !== undefined) return `Retry-After: ${ex.headers['retry-after']}`;
  if (remaining === 0) return REMAINING_ZERO;
  if (ex.headers['x-envoy-ratelimited'] !== undefined) return 'x-envoy-ratelimited';
  return undefined;
}
