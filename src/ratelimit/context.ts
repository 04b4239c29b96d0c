import { setTimeout as sleep } from 'node:timers/promises';
import { NetworkError, send } from '../http/send.js';
import type { RawEntry } from './classify.js';
import { observe } from './observe.js';
import type { Policy, ProbeConfig, StrategyName, TimelineEntry } from './types.js';

/** One request a strategy wants sent: who sends it and what differs from the configured request. */
export interface ProbeRequest {
  strategy: TimelineEntry['strategy'];
  identity: string;
  index: number;
  /** Replaces the configured headers (identity B, a forged client address...). */
  headers?: Record<string, string>;
  method?: string;
  url?: string;
}

/** Client addresses of identities A and B when the service trusts a forwarding header (TEST-NET-2). */
export const FORWARDED_A = '198.51.100.10';
export const FORWARDED_B = '198.51.100.20';

/** Only the start of a body is needed to recognise error envelopes and limit texts. */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * What every strategy shares: the declared policy, one clock (offsets from the probe start), the
 * time budget, and what the strategies before it saw (the sequential stream exhausts the budget
 * that identity, recovery and the CORS check then look at).
 */
export class ProbeContext {
  readonly t0 = performance.now();
  /** performance.now() value of the last request sent, for fresh-budget waits. */
  lastSentAt: number | null = null;
  readonly streams = new Map<StrategyName, TimelineEntry[]>();
  requestsSent = 0;

  constructor(readonly config: ProbeConfig, readonly policy: Policy, readonly deadline: number) {}

  /** The configured headers, plus Origin when the browser path is probed. */
  get headers(): Record<string, string> {
    const h = { ...this.config.headers };
    if (this.config.origin) h.origin = this.config.origin;
    if (this.config.forwardedHeader) h[this.config.forwardedHeader.toLowerCase()] = FORWARDED_A;
    return h;
  }

  nowOffset(): number {
    return performance.now() - this.t0;
  }

  timeLeftMs(): number {
    return this.deadline - performance.now();
  }

  /** Sends one request; a network failure becomes an entry with status null, never a throw. */
  async send(req: ProbeRequest): Promise<RawEntry> {
    const headers = req.headers ?? this.headers;
    const method = (req.method ?? this.config.method).toUpperCase();
    const sendOffsetMs = this.nowOffset();
    this.lastSentAt = performance.now();
    this.requestsSent++;
    const base = { index: req.index, strategy: req.strategy, identity: req.identity, method, sendOffsetMs };
    try {
      const ex = await send(req.url ?? this.config.url, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? undefined : this.config.body,
        timeoutMs: this.config.timeoutMs,
        maxBodyBytes: MAX_BODY_BYTES,
      });
      const hasOrigin = Object.keys(headers).some((k) => k.toLowerCase() === 'origin');
      return { ...base, ...observe(ex, this.policy.limit, Date.now(), hasOrigin) };
    } catch (e) {
      const kind = e instanceof NetworkError ? e.kind : 'error';
      return { ...base, status: null, errorKind: kind, latencyMs: performance.now() - this.t0 - sendOffsetMs, limits: null, allLimits: [], retryAfter: null };
    }
  }

  /** Sleeps up to `ms`, never past the deadline; returns false when the deadline cut it short. */
  async wait(ms: number): Promise<boolean> {
    const left = this.timeLeftMs();
    if (left <= 0) return false;
    await sleep(Math.max(0, Math.min(ms, left)));
    return ms <= left;
  }

  /**
   * Waits until a window (plus slack) has passed since the last request, so the next strategy
   * starts on a fresh budget whatever the algorithm: a sliding log has emptied, a fixed window has
   * rolled over, a bucket has refilled.
   */
  async waitForFreshBudget(before: string): Promise<boolean> {
    if (this.lastSentAt === null) return true;
    const due = this.lastSentAt + this.policy.windowMs + freshSlackMs(this.policy.windowMs);
    this.announce(due - performance.now(), `for a fresh budget before ${before}`);
    return this.wait(due - performance.now());
  }

  /** Waits of a second or more are announced, so a 60 s window does not look like a hang. */
  announce(ms: number, why: string): void {
    if (ms >= 1000) this.config.onStatus?.(`waiting ${(ms / 1000).toFixed(1)}s ${why}`);
  }
}

/** Slack on top of a window: server clock granularity, rounding of resets. */
export function freshSlackMs(windowMs: number): number {
  return Math.max(250, windowMs * 0.1);
}
