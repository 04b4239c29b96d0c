/**
 * Window rules shared by both stores, as pure functions.
 *
 * Sliding log: an entry made at time t counts while now - t < window, so it leaves the window at
 * exactly t + window. Fixed window: windows are aligned to the epoch, [k·w, (k+1)·w).
 */

/** Start of the epoch-aligned fixed window containing `nowMs`. */
export function fixedWindowStart(nowMs: number, windowMs: number): number {
  return Math.floor(nowMs / windowMs) * windowMs;
}

/** Entries at or before this time have left the sliding window. */
export function slidingCutoff(nowMs: number, windowMs: number): number {
  return nowMs - windowMs;
}

/** Milliseconds until the oldest logged entry leaves the window (0 when the log is empty or stale). */
export function slidingResetMs(oldestMs: number | undefined, nowMs: number, windowMs: number): number {
  if (oldestMs === undefined) return 0;
  return Math.max(0, oldestMs + windowMs - nowMs);
}

/** Milliseconds until the fixed window that started at `windowStartMs` ends (0 when already past). */
export function fixedResetMs(windowStartMs: number, nowMs: number, windowMs: number): number {
  return Math.max(0, windowStartMs + windowMs - nowMs);
}

/** Requests left after `used` were counted against `limit`. */
export function remainingAfter(used: number, limit: number): number {
  return Math.max(0, limit - used);
}
