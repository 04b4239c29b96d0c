/**
 * Counting admitted requests inside time spans. The server sees each request somewhere between its
 * send time and the arrival of its answer, so the span the server saw between request i and a later
 * request j is at most (send_j + latency_j) − send_i. Rules that FAIL use that bound pair by pair:
 * one slow answer (a cold start, a tarpit) widens only its own pairs, never every judgement.
 */

/** One request as the span rules see it: when it was sent and how long its answer took (ms). */
export interface Sent {
  sendOffsetMs: number;
  latencyMs: number;
}

/** Timer and clock granularity on top of the latency bound. */
export function slackMs(windowMs: number): number {
  return Math.max(50, windowMs * 0.01);
}

/** Longest time the server can have seen between `a` and a later `b`. */
export function serverSpanMs(a: Sent, b: Sent): number {
  return b.sendOffsetMs + b.latencyMs - a.sendOffsetMs;
}

/**
 * Most requests (sorted by send time) that the server certainly saw within less than `windowMs`:
 * the largest j − i + 1 with serverSpan(i, j) + slack < windowMs.
 */
export function maxInWindow(sorted: readonly Sent[], windowMs: number): { count: number; startMs: number } {
  const slack = slackMs(windowMs);
  let best = { count: 0, startMs: sorted[0]?.sendOffsetMs ?? 0 };
  for (let i = 0; i < sorted.length; i++) {
    for (let j = sorted.length - 1; j - i + 1 > best.count; j--) {
      if (serverSpanMs(sorted[i], sorted[j]) + slack < windowMs) {
        best = { count: j - i + 1, startMs: sorted[i].sendOffsetMs };
        break;
      }
    }
  }
  return best;
}

/**
 * Largest excess of admitted requests over what a token bucket of `capacity` tokens refilling
 * `capacity` per `windowMs` can allow in any interval the server saw: n − (capacity + rate·(span + slack)).
 * A bucket full at the start admits at most capacity + rate·t in an interval of length t.
 */
export function tokenBucketExcess(sorted: readonly Sent[], capacity: number, windowMs: number): { excess: number; count: number; spanMs: number } {
  const rate = capacity / windowMs;
  const slack = slackMs(windowMs);
  let best = { excess: -Infinity, count: 0, spanMs: 0 };
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const span = serverSpanMs(sorted[i], sorted[j]);
      const excess = j - i + 1 - (capacity + rate * (span + slack));
      if (excess > best.excess) best = { excess, count: j - i + 1, spanMs: span };
    }
  }
  return best;
}

/** Tolerance for lenient comparisons (excusing, not failing): latency, timers, rounding. */
export function timeToleranceMs(windowMs: number, maxLatencyMs: number): number {
  return Math.max(50, windowMs * 0.05, maxLatencyMs);
}
