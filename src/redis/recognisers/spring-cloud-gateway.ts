import type { Recogniser } from './types.js';
import { age, floatValue } from './format.js';

/**
 * Spring Cloud Gateway RedisRateLimiter (RedisRateLimiter.getKeys + request_rate_limiter.lua):
 * STRINGs `request_rate_limiter.{<id>}.tokens` and `request_rate_limiter.{<id>}.timestamp` (epoch
 * seconds), both SETEX ttl = floor(2 · burstCapacity / replenishRate). Token bucket. With
 * --limit as burst capacity per --window, fill time is the window, so the TTL is at most 2 windows.
 */
const KEY = /^request_rate_limiter\.\{(.+)\}\.(tokens|timestamp)$/;

export const springCloudGateway: Recogniser = {
  id: 'spring-cloud-gateway',
  name: 'Spring Cloud Gateway RedisRateLimiter',
  patterns: ['request_rate_limiter.{*'],
  source: 'spring-cloud/spring-cloud-gateway RedisRateLimiter.java, request_rate_limiter.lua',
  recognise(s, ctx) {
    const m = KEY.exec(s.key);
    if (!m || s.type !== 'string') return null;
    const v = floatValue(s.value);
    const w = ctx.declared.windowMs;
    return {
      library: this.id,
      algorithm: 'token bucket',
      identity: m[1],
      windowMs: w,
      limit: ctx.declared.limit,
      ttl: 'always',
      maxTtlMs: w !== undefined ? 2 * w + 1000 : undefined,
      keysPerWindow: 2,
      summary: m[2] === 'tokens' ? `tokens left ${s.value}` : v !== undefined ? `last refill ${age(v * 1000, ctx.nowMs)}` : `timestamp ${s.value}`,
    };
  },
};
