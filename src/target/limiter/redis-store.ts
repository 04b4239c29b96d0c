import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixedResetMs, fixedWindowStart, remainingAfter, slidingCutoff, slidingResetMs } from './window-math.js';
import { fixedKey, slidingKey } from './redis-keys.js';
import { FIXED_LUA, SLIDING_LUA } from './redis-scripts.js';
import { RACE_GAP_MS, type Decision, type LimitRequest, type LimiterStore, type StoreConfig } from './types.js';

/** The commands defineCommand adds (EVALSHA, falling back to EVAL once when the script is not cached). */
interface ScriptedRedis extends Redis {
  limitprobeSliding(key: string, nowMs: number, windowMs: number, limit: number, member: string, expire: string): Promise<[number, number, number]>;
  limitprobeFixed(key: string, windowMs: number, expire: string): Promise<number>;
}

/** Bounded so a dead Redis costs a request at most about a second, never a hang. */
const CONNECT_TIMEOUT_MS = 1000;
const COMMAND_TIMEOUT_MS = 1000;
const READY_WAIT_MS = 1500;

export interface RedisStoreOptions {
  url: string;
  keyPrefix: string;
  /** Called once per change between reachable and unreachable (for a log line). */
  onStateChange?: (up: boolean, reason: string) => void;
}

/** Redis-backed limiter: one atomic Lua script per decision, or two round trips under fault `race`. */
export class RedisStore implements LimiterStore {
  readonly kind = 'redis' as const;
  private readonly redis: ScriptedRedis;
  private seq = Math.floor(Math.random() * 1e6);
  private readonly frozenStart: number;
  private up: boolean | undefined;

  private constructor(private readonly config: StoreConfig, private readonly opts: RedisStoreOptions) {
    this.frozenStart = fixedWindowStart(Date.now(), config.windowMs);
    this.redis = new Redis(opts.url, {
      // Fail fast instead of queueing while disconnected: the caller answers 503 (or fails open).
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: CONNECT_TIMEOUT_MS,
      commandTimeout: COMMAND_TIMEOUT_MS,
      retryStrategy: (times: number) => Math.min(100 * times, 2000),
    }) as ScriptedRedis;
    this.redis.defineCommand('limitprobeSliding', { numberOfKeys: 1, lua: SLIDING_LUA });
    this.redis.defineCommand('limitprobeFixed', { numberOfKeys: 1, lua: FIXED_LUA });
    this.redis.on('ready', () => this.setUp(true, 'connected'));
    // Without a listener ioredis reports every reconnect failure as an unhandled error.
    this.redis.on('error', (e: Error) => this.setUp(false, e.message));
    this.redis.on('end', () => this.setUp(false, 'connection closed'));
  }

  /** Connects, waiting briefly for the first `ready`; an unreachable Redis is not an error here. */
  static async open(config: StoreConfig, opts: RedisStoreOptions): Promise<RedisStore> {
    const store = new RedisStore(config, opts);
    await store.waitReady();
    return store;
  }

  private waitReady(): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        this.redis.off('error', done);
        resolve();
      };
      const timer = setTimeout(done, READY_WAIT_MS);
      this.redis.once('ready', done);
      this.redis.once('error', done);
    });
  }

  private setUp(up: boolean, reason: string): void {
    if (up === this.up) return;
    this.up = up;
    this.opts.onStateChange?.(up, reason);
  }

  available(): boolean {
    return this.redis.status === 'ready';
  }

  async close(): Promise<void> {
    this.opts.onStateChange = undefined;
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => this.redis.disconnect());
    } else {
      this.redis.disconnect();
    }
  }

  consume(req: LimitRequest): Promise<Decision> {
    if (this.config.algorithm === 'sliding') {
      const key = slidingKey(this.opts.keyPrefix, req.scope, req.identity);
      return this.config.race ? this.slidingRacy(key, req.limit) : this.sliding(key, req.limit);
    }
    return this.config.race ? this.fixedRacy(req) : this.fixed(req);
  }

  private member(nowMs: number): string {
    this.seq = (this.seq + 1) % Number.MAX_SAFE_INTEGER;
    return `${nowMs}-${this.seq}`;
  }

  private expireFlag(): string {
    return this.config.lostExpire ? '0' : '1';
  }

  private async sliding(key: string, limit: number): Promise<Decision> {
    const nowMs = Date.now();
    const [allowed, count, oldestMs] = await this.redis.limitprobeSliding(
      key, nowMs, this.config.windowMs, limit, this.member(nowMs), this.expireFlag());
    return {
      allowed: allowed === 1,
      limit,
      remaining: allowed === 1 ? remainingAfter(count, limit) : 0,
      resetMs: slidingResetMs(Number(oldestMs), nowMs, this.config.windowMs),
    };
  }

  /** The bug: the count is read in one round trip and the entry written in another, later one. */
  private async slidingRacy(key: string, limit: number): Promise<Decision> {
    const read = this.redis.pipeline();
    if (!this.config.lostExpire) read.zremrangebyscore(key, '-inf', slidingCutoff(Date.now(), this.config.windowMs));
    read.zcard(key);
    const seen = Number(lastResult(await read.exec()));
    await sleep(RACE_GAP_MS);
    const nowMs = Date.now();
    const allowed = seen < limit;
    const write = this.redis.pipeline();
    if (allowed) {
      write.zadd(key, nowMs, this.member(nowMs));
      if (!this.config.lostExpire) write.pexpire(key, this.config.windowMs);
    }
    write.zrange(key, 0, 0, 'WITHSCORES');
    const oldest = lastResult(await write.exec()) as string[];
    return {
      allowed,
      limit,
      remaining: allowed ? remainingAfter(seen + 1, limit) : 0,
      resetMs: slidingResetMs(oldest.length >= 2 ? Number(oldest[1]) : undefined, nowMs, this.config.windowMs),
    };
  }

  private windowStart(nowMs: number): number {
    return this.config.lostExpire ? this.frozenStart : fixedWindowStart(nowMs, this.config.windowMs);
  }

  private fixedDecision(start: number, used: number, allowed: boolean, limit: number, nowMs: number): Decision {
    const resetMs = this.config.lostExpire
      ? this.config.windowMs - ((nowMs - start) % this.config.windowMs)
      : fixedResetMs(start, nowMs, this.config.windowMs);
    return { allowed, limit, remaining: allowed ? remainingAfter(used, limit) : 0, resetMs };
  }

  private async fixed(req: LimitRequest): Promise<Decision> {
    const nowMs = Date.now();
    const start = this.windowStart(nowMs);
    const key = fixedKey(this.opts.keyPrefix, req.scope, req.identity, start);
    const count = Number(await this.redis.limitprobeFixed(key, this.config.windowMs, this.expireFlag()));
    return this.fixedDecision(start, count, count <= req.limit, req.limit, nowMs);
  }

  /** The bug: GET, decide, and INCR later; every request that read before the others wrote gets in. */
  private async fixedRacy(req: LimitRequest): Promise<Decision> {
    const start = this.windowStart(Date.now());
    const key = fixedKey(this.opts.keyPrefix, req.scope, req.identity, start);
    const seen = Number((await this.redis.get(key)) ?? 0);
    await sleep(RACE_GAP_MS);
    const count = await this.redis.incr(key);
    if (count === 1 && !this.config.lostExpire) await this.redis.pexpire(key, this.config.windowMs);
    return this.fixedDecision(start, seen + 1, seen < req.limit, req.limit, Date.now());
  }
}

/** The last command's reply of a pipeline, throwing the first command error. */
function lastResult(results: [Error | null, unknown][] | null): unknown {
  if (!results || results.length === 0) throw new Error('redis pipeline returned no results');
  for (const [err] of results) if (err) throw err;
  return results[results.length - 1][1];
}
