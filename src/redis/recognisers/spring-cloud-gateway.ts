import type { Recogniser } from './types.js';
import { age, floatValue } from './format.js';

/**
 * Spring Cloud Gateway RedisRateLimiter (RedisRateLimiter.getKeys, META-INF/scripts/request_rate_limiter.lua):
 * keys `request_rate_limiter.{<id>}.tokens` and `…timestamp` (4.x: `{<routeId>.<id>}`), the braces
 * being a cluster hash tag. Classic script: SETEX both STRINGs (tokens left; last refill, epoch
 * seconds) with ttl = floor(2 · burstCapacity / replenishRate). Newer script: one HASH at the
 * `.tokens` key with fields tokens and timestamp, HSET + EXPIRE ttl. Token bucket. With --limit as
 * burst capacity per --window, the fill time is the window, so the TTL is at most 2 windows.
 */
const KEY = /^request_rate_limiter\.\{(.+)\}\.(tokens|timestamp)$/;

export const springCloudGateway: Recogniser = {
  id: 'spring-cloud-gateway',
  name: 'Spring Cloud Gateway RedisRateLimiter',
  patterns: ['request_rate_limiter.{*'],
  source: 'spring-cloud/spring-cloud-gateway RedisRateLimiter.java, request_rate_limiter.lua',
  recognise(s, ctx) {
    const m = KEY.exec(s.key);
    if (!m) return null;
    const w = ctx.declared.windowMs;
    const base = {
      library: this.id,
      algorithm: 'token bucket',
      identity: m[1],
      windowMs: w,
      limit: ctx.declared.limit,
      ttl: 'always' as const,
      maxTtlMs: w !== undefined ? 2 * w + 1000 : undefined,
    };
    if (s.type === 'hash' && m[2] === 'tokens' && s.hash && 'tokens' in s.hash) {
      const ts = floatValue(s.hash.timestamp);
      return { ...base, keysPerWindow: 1, summary: `tokens left ${s.hash.tokens}` + (ts !== undefined ? `, last refill ${age(ts * 1000, ctx.nowMs)}` : '') };
    }
    if (s.type !== 'string') return null;
    const v = floatValue(s.value);
    return {
      ...base,
      keysPerWindow: 2,
      summary: m[2] === 'tokens' ? `tokens left ${s.value}` : v !== undefined ? `last refill ${age(v * 1000, ctx.nowMs)}` : `timestamp ${s.value}`,
    };
  },
};
