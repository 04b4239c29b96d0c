/**
 * Counting admitted requests inside time spans, from client send times. The server sees each
 * request a little later than it was sent, so spans are judged with a tolerance that always
 * favours the server: a rule only fails when the excess is beyond what latency can explain.
 */

/** Tolerance for comparing client send times with server windows: latency, timers, rounding. */
export function timeToleranceMs(windowMs: number, maxLatencyMs: number): number {
  return Math.max(50, windowMs * 0.05, maxLatencyMs);
}

/** Most values of sorted `times` inside any half-open span [t, t + spanMs). */
export function maxInSpan(times: readonly number[], spanMs: number): { count: number; startMs: number } {
  let best = { count: 0, startMs: times[0] ?? 0 };
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] >= spanMs) lo++;
    if (hi - lo + 1 > best.count) best = { count: hi - lo + 1, startMs: times[lo] };
  }
  return best;
}

/**
 * Largest excess of admitted requests over what a token bucket of `capacity` tokens refilling
 * `capacity` per `windowMs` can allow in any interval: n − (capacity + rate·(span + tolerance)).
 * A bucket full at the start admits at most capacity + rate·t in an interval of length t.
 */
export function tokenBucketExcess(times: readonly number[], capacity: number, windowMs: number, toleranceMs: number): { excess: number; count: number; spanMs: number } {
  const rate = capacity / windowMs;
  let best = { excess: -Infinity, count: 0, spanMs: 0 };
  for (let i = 0; i < times.length; i++) {
    for (let j = i; j < times.length; j++) {
      const span = times[j] - times[i];
      const excess = j - i + 1 - (capacity + rate * (span + toleranceMs));
      if (excess > best.excess) best = { excess, count: j - i + 1, spanMs: span };
    }
  }
  return best;
}
