import type { Finding } from '../model/result.js';
import type { RetryAfter } from './types.js';
import { CODES, finding } from './codes.js';

/** RFC 9110 §10.2.3: delay-seconds (a non-negative integer) or an HTTP-date. */
export function parseRetryAfter(raw: string | undefined, nowMs: number): RetryAfter | null {
  if (raw === undefined) return null;
  const v = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    const valid = Number.isInteger(n) && n >= 0 && !v.startsWith('-');
    return { raw, seconds: n, kind: valid ? 'seconds' : 'invalid' };
  }
  // An HTTP-date always names a weekday or month; Date.parse alone accepts too much ("1 2").
  if (/[a-z]{3}/i.test(v)) {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return { raw, seconds: Math.max(0, (t - nowMs) / 1000), kind: 'http-date' };
  }
  return { raw, seconds: null, kind: 'invalid' };
}

/**
 * How far past the window a delay may point before it is wrong. A delay in seconds only needs room
 * for rounding up and latency (1 s, or 10% of long windows); an HTTP-date also for clock skew.
 */
export function retryAfterSlackSeconds(windowMs: number, form: 'delay' | 'date' = 'delay'): number {
  return form === 'date' ? Math.max(2, (windowMs / 1000) * 0.25) : Math.max(1, (windowMs / 1000) * 0.1);
}

/**
 * Judges one Retry-After sent with a limited answer against the declared window. Returns the
 * problem as a finding, or null when the value is valid.
 */
export function judgeRetryAfter(ra: RetryAfter | null, windowMs: number, where: string, resetSeconds: number | null = null): Finding | null {
  const windowS = windowMs / 1000;
  if (ra === null) {
    return finding(
      CODES.RETRY_AFTER_MISSING,
      `${where}: limited answer without Retry-After; clients cannot tell when to retry (send delay-seconds, e.g. "Retry-After: ${Math.ceil(windowS)}")`,
    );
  }
  const evidence = { retryAfter: ra.raw, windowSeconds: windowS };
  if (ra.seconds === null) {
    return finding(CODES.RETRY_AFTER_INVALID, `${where}: Retry-After ${JSON.stringify(ra.raw)} is neither delay-seconds nor an HTTP-date`, evidence);
  }
  if (ra.kind === 'http-date') {
    if (ra.seconds > windowS + retryAfterSlackSeconds(windowMs, 'date')) {
      return finding(CODES.RETRY_AFTER_TOO_LONG, `${where}: Retry-After date is ${ra.seconds.toFixed(0)}s away, longer than the declared window ${windowS}s`, evidence);
    }
    return null;
  }
  if (ra.seconds < 0) {
    return finding(CODES.RETRY_AFTER_NEGATIVE, `${where}: Retry-After ${ra.raw} is negative; it must be a non-negative number of seconds`, evidence);
  }
  if (!Number.isInteger(ra.seconds) || ra.raw.includes('.')) {
    return finding(CODES.RETRY_AFTER_FRACTIONAL, `${where}: Retry-After ${ra.raw} is fractional; RFC 9110 allows whole seconds only (round up)`, evidence);
  }
  if (ra.seconds > 1e9) {
    return finding(CODES.RETRY_AFTER_EPOCH, `${where}: Retry-After ${ra.raw} looks like an epoch timestamp; it must be seconds to wait`, evidence);
  }
  if (looksLikeMilliseconds(ra.seconds, windowMs, resetSeconds)) {
    return finding(CODES.RETRY_AFTER_MILLISECONDS, `${where}: Retry-After ${ra.raw} looks like milliseconds (the window is ${windowMs}ms); it must be seconds, e.g. ${Math.ceil(ra.seconds / 1000)}`, evidence);
  }
  if (ra.seconds > windowS + retryAfterSlackSeconds(windowMs)) {
    return finding(CODES.RETRY_AFTER_TOO_LONG, `${where}: Retry-After ${ra.raw}s is longer than the declared window ${windowS}s (check --window, or the server's value)`, evidence);
  }
  return null;
}

/**
 * A value far beyond the window read as seconds, but inside it read as milliseconds. Without a
 * reset header to corroborate, it must also be a sizeable part of the window in ms: "3600" on a
 * 60 s window reads as an hour (a too-long penalty) far more plausibly than as 3.6 s, and calling
 * it milliseconds would send the user to fix the wrong thing.
 */
function looksLikeMilliseconds(value: number, windowMs: number, resetSeconds: number | null): boolean {
  const windowS = windowMs / 1000;
  if (value <= windowS * 10 || value > windowMs * 1.5) return false;
  if (resetSeconds !== null && resetSeconds >= 0) return Math.abs(value / 1000 - resetSeconds) <= Math.max(1.5, windowS * 0.1);
  return value >= windowMs * 0.1;
}
