import { setTimeout as sleep } from 'node:timers/promises';
import { fixedResetMs, fixedWindowStart, remainingAfter, slidingCutoff, slidingResetMs } from './window-math.js';
import { RACE_GAP_MS, type Decision, type LimitRequest, type LimiterStore, type StoreConfig } from './types.js';

interface FixedCounter {
  start: number;
  count: number;
}

/**
 * In-process limiter. Sliding = a log of admitted timestamps per identity (rejected requests are not
 * logged); fixed = one counter per identity for the current epoch-aligned window (every hit counts,
 * like INCR on Redis).
 */
export class MemoryStore implements LimiterStore {
  readonly kind = 'memory' as const;
  private readonly logs = new Map<string, number[]>();
  private readonly counters = new Map<string, FixedCounter>();
  /** Under lost-expire the fixed window is computed once and never moves on. */
  private readonly frozenStart: number;
  private readonly sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly config: StoreConfig, private readonly now: () => number = Date.now) {
    this.frozenStart = fixedWindowStart(now(), config.windowMs);
    // Identities that never come back would otherwise stay in memory forever.
    if (!config.lostExpire) {
      this.sweeper = setInterval(() => this.sweep(), Math.max(1000, config.windowMs));
      this.sweeper.unref();
    }
  }

  available(): boolean {
    return true;
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.logs.clear();
    this.counters.clear();
  }

  consume(req: LimitRequest): Promise<Decision> {
    const key = `${req.scope}:${req.identity}`;
    if (this.config.algorithm === 'sliding') {
      return this.config.race ? this.slidingRacy(key, req.limit) : Promise.resolve(this.sliding(key, req.limit));
    }
    return this.config.race ? this.fixedRacy(key, req.limit) : Promise.resolve(this.fixed(key, req.limit));
  }

  private liveLog(key: string, nowMs: number): number[] {
    let log = this.logs.get(key);
    if (!log) {
      log = [];
      this.logs.set(key, log);
    }
    if (!this.config.lostExpire) {
      const cutoff = slidingCutoff(nowMs, this.config.windowMs);
      let drop = 0;
      while (drop < log.length && log[drop] <= cutoff) drop++;
      if (drop > 0) log.splice(0, drop);
    }
    return log;
  }

  private slidingDecision(log: number[], used: number, allowed: boolean, limit: number, nowMs: number): Decision {
    return {
      allowed,
      limit,
      remaining: allowed ? remainingAfter(used, limit) : 0,
      resetMs: slidingResetMs(log[0], nowMs, this.config.windowMs),
    };
  }

  private sliding(key: string, limit: number): Decision {
    const nowMs = this.now();
    const log = this.liveLog(key, nowMs);
    const allowed = log.length < limit;
    if (allowed) log.push(nowMs);
    return this.slidingDecision(log, log.length, allowed, limit, nowMs);
  }

  private async slidingRacy(key: string, limit: number): Promise<Decision> {
    const seen = this.liveLog(key, this.now()).length;
    await sleep(RACE_GAP_MS);
    const nowMs = this.now();
    const log = this.liveLog(key, nowMs);
    const allowed = seen < limit;
    if (allowed) log.push(nowMs);
    return this.slidingDecision(log, seen + 1, allowed, limit, nowMs);
  }

  private counter(key: string, nowMs: number): FixedCounter {
    const start = this.config.lostExpire ? this.frozenStart : fixedWindowStart(nowMs, this.config.windowMs);
    let c = this.counters.get(key);
    if (!c || c.start !== start) {
      c = { start, count: 0 };
      this.counters.set(key, c);
    }
    return c;
  }

  private fixedDecision(c: FixedCounter, used: number, allowed: boolean, limit: number, nowMs: number): Decision {
    // A frozen window (lost-expire) still advertises a reset as if windows rolled: that lie is the bug.
    const resetMs = this.config.lostExpire
      ? this.config.windowMs - ((nowMs - c.start) % this.config.windowMs)
      : fixedResetMs(c.start, nowMs, this.config.windowMs);
    return { allowed, limit, remaining: allowed ? remainingAfter(used, limit) : 0, resetMs };
  }

  private fixed(key: string, limit: number): Decision {
    const nowMs = this.now();
    const c = this.counter(key, nowMs);
    c.count += 1;
    return this.fixedDecision(c, c.count, c.count <= limit, limit, nowMs);
  }

  private async fixedRacy(key: string, limit: number): Promise<Decision> {
    const seen = this.counter(key, this.now()).count;
    await sleep(RACE_GAP_MS);
    const nowMs = this.now();
    const c = this.counter(key, nowMs);
    c.count += 1;
    return this.fixedDecision(c, seen + 1, seen < limit, limit, nowMs);
  }

  private sweep(): void {
    const nowMs = this.now();
    const cutoff = slidingCutoff(nowMs, this.config.windowMs);
    for (const [key, log] of this.logs) {
      if (log.length === 0 || log[log.length - 1] <= cutoff) this.logs.delete(key);
    }
    const start = fixedWindowStart(nowMs, this.config.windowMs);
    for (const [key, c] of this.counters) {
      if (c.start < start) this.counters.delete(key);
    }
  }
}
