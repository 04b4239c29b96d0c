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

/** How far past the window a Retry-After may point before it is wrong: integer rounding plus clock skew. */
export function retryAfterSlackSeconds(windowMs: number): number {
  return Math.max(2, (windowMs / 1000) * 0.25);
}

/**
 * Judges one Retry-After sent with a limited answer against the declared window. Returns the
 * problem as a finding, or null when the value is valid.
 */
export function judgeRetryAfter(ra: RetryAfter | null, windowMs: number, where: string): Finding | null {
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
    if (ra.seconds > windowS + retryAfterSlackSeconds(windowMs)) {
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
  // Milliseconds: far beyond the window in seconds, but no more than the window when read as ms.
  if (ra.seconds > windowS * 10 && ra.seconds <= windowMs * 1.5) {
    return finding(CODES.RETRY_AFTER_MILLISECONDS, `${where}: Retry-After ${ra.raw} looks like milliseconds (the window is ${windowMs}ms); it must be seconds, e.g. ${Math.ceil(ra.seconds / 1000)}`, evidence);
  }
  if (ra.seconds > windowS + retryAfterSlackSeconds(windowMs)) {
    return finding(CODES.RETRY_AFTER_TOO_LONG, `${where}: Retry-After ${ra.raw}s is longer than the declared window ${windowS}s (check --window, or the server's value)`, evidence);
  }
  return null;
}
