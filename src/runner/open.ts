import { Pool, type Dispatcher } from 'undici';
import type { PhaseRecorder } from '../metrics/recorder.js';
import { errorKind } from '../http/error-kind.js';
import type { ArrivalSchedule } from './pacer.js';
import type { RequestTemplate } from './request-template.js';

export interface OpenOptions {
  baseUrl: string;
  templates: RequestTemplate[];
  pick: () => number;
  schedule: ArrivalSchedule;
  /** Most requests in flight; an arrival beyond it is dropped and counted, never queued. */
  maxInFlight: number;
  timeoutMs: number;
  recorder: PhaseRecorder;
  signal: AbortSignal;
}

export interface OpenOutcome {
  /** Arrivals sent. */
  sent: number;
  /** Arrivals not sent because maxInFlight requests were already waiting. */
  dropped: number;
  /** From the first scheduled arrival to the last answer. */
  elapsedMs: number;
  /** When the last arrival was actually sent (or dropped), ms from the start: past the schedule's end when the sender fell behind. */
  lastFireMs: number;
}

/** How long in-flight requests may finish after an interrupt before their sockets are cut. */
const ABORT_GRACE_MS = 1000;

/**
 * Open model: request k is sent at its scheduled time whatever the server does, so a slow server
 * meets the arrivals it would meet in production instead of slowing the client down (the closed
 * model's coordinated omission). Latency is recorded twice: from the intended send time (the
 * headline, as wrk2 does: it includes any delay the client or a full socket pool added) and from
 * the actual send time.
 *
 * The scheduler wakes on a timer and sends every arrival that is due, so timer jitter never lowers
 * the achieved rate; arrivals stay evenly spaced to within the timer's resolution.
 */
export function runOpen(o: OpenOptions): Promise<OpenOutcome> {
  const pool = new Pool(o.baseUrl, {
    connections: o.maxInFlight,
    pipelining: 1,
    headersTimeout: o.timeoutMs,
    bodyTimeout: o.timeoutMs,
    keepAliveTimeout: 10_000,
  });
  const dispatchOpts = o.templates.map((t) => t.headerSets.map((headers) => ({ path: t.path, method: t.method as Dispatcher.HttpMethod, headers, body: t.body })));
  const rotation = o.templates.map(() => 0);
  const start = performance.now();
  let inFlight = 0;
  let sent = 0;
  let dropped = 0;
  let k = 0;
  let next = o.schedule.timeOf(0);
  let lastAnswer = start;
  let lastFireMs = 0;
  let finished: (v: OpenOutcome) => void;
  const done = new Promise<OpenOutcome>((resolve) => (finished = resolve));
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;

  const settle = (): void => {
    if (!stopping || inFlight > 0) return;
    o.signal.removeEventListener('abort', onAbort);
    void pool.destroy().catch(() => {});
    finished({ sent, dropped, elapsedMs: Math.max(0, lastAnswer - start), lastFireMs });
  };

  const onAnswer = (): void => {
    inFlight--;
    lastAnswer = performance.now();
    if (stopping) settle();
  };

  const fire = (intendedMs: number): void => {
    const i = o.pick();
    const sets = dispatchOpts[i];
    const opts = sets.length === 1 ? sets[0] : sets[rotation[i]++ % sets.length];
    inFlight++;
    sent++;
    pool.dispatch(opts, new AnswerHandler(o.recorder, i, start + intendedMs, onAnswer));
  };

  const tick = (): void => {
    timer = undefined;
    const now = performance.now() - start;
    while (next !== null && next <= now) {
      if (inFlight >= o.maxInFlight) dropped++;
      else fire(next);
      next = o.schedule.timeOf(++k);
    }
    lastFireMs = now;
    if (next === null) {
      stopping = true;
      settle();
      return;
    }
    // Wake a little early: setTimeout never fires before its delay, often ~1 ms after.
    timer = setTimeout(tick, Math.max(0, next - (performance.now() - start) - 1));
  };

  const onAbort = (): void => {
    if (timer) clearTimeout(timer);
    next = null;
    stopping = true;
    settle();
    // Answers that do not come within the grace period are cut; their requests count as errors.
    setTimeout(() => void pool.destroy().catch(() => {}), ABORT_GRACE_MS).unref();
  };
  if (o.signal.aborted) onAbort();
  else {
    o.signal.addEventListener('abort', onAbort, { once: true });
    tick();
  }
  return done;
}

/**
 * undici's low-level handler: no body stream, no promise per request. The body is drained and
 * discarded (only status and timing matter in a load phase).
 */
class AnswerHandler implements Dispatcher.DispatchHandler {
  private status = 0;
  /** Set when undici writes the request to a socket, which may be after the arrival if all were busy. */
  private sentAt = 0;

  constructor(
    private readonly recorder: PhaseRecorder,
    private readonly nameIndex: number,
    private readonly intendedAt: number,
    private readonly answered: () => void,
  ) {}

  onConnect(): void {
    this.sentAt = performance.now();
  }

  onHeaders(statusCode: number): boolean {
    this.status = statusCode;
    return true;
  }

  onData(): boolean {
    return true;
  }

  onComplete(): void {
    const now = performance.now();
    this.recorder.recordResponse(this.nameIndex, this.status, (now - this.sentAt) * 1000, (now - this.intendedAt) * 1000);
    this.answered();
  }

  onError(err: Error): void {
    this.recorder.recordError(this.nameIndex, errorKind(err));
    this.answered();
  }
}
