import type { Recogniser } from './types.js';
import { age, floatValue } from './format.js';

/**
 * Traefik v3 rateLimit middleware with Redis (pkg/middlewares/ratelimiter/redis_limiter.go, lua.go
 * AllowTokenBucketRaw): key `rate:<source>` (redisPrefix is a constant), HASH {last: µs timestamp,
 * tokens: float}; every request runs HGETALL, HSET last tokens, EXPIRE ttl. Token bucket.
 * rate_limiter.go: ttl = 1 s + (1 s if the rate is ≥ 1/s, else floor(1/rate) s), rate = average/period.
 */
export function traefikTtlMs(limit: number, windowMs: number): number {
  const perSecond = limit / (windowMs / 1000);
  return 1000 * (1 + (perSecond >= 1 ? 1 : Math.floor(1 / perSecond)));
}

export const traefik: Recogniser = {
  id: 'traefik',
  name: 'Traefik rateLimit (Redis)',
  patterns: ['rate:*'],
  source: 'traefik/traefik pkg/middlewares/ratelimiter/redis_limiter.go, lua.go, rate_limiter.go',
  recognise(s, ctx) {
    if (!s.key.startsWith('rate:') || s.type !== 'hash' || !s.hash || !('tokens' in s.hash) || !('last' in s.hash)) return null;
    const lastUs = floatValue(s.hash.last);
    const tokens = floatValue(s.hash.tokens);
    const { limit, windowMs } = ctx.declared;
    return {
      library: this.id,
      algorithm: 'token bucket',
      identity: s.key.slice(5),
      windowMs,
      limit,
      ttl: 'always',
      maxTtlMs: limit !== undefined && windowMs !== undefined ? traefikTtlMs(limit, windowMs) : undefined,
      keysPerWindow: 1,
      summary: `tokens ${tokens !== undefined ? +tokens.toFixed(2) : s.hash.tokens}` + (lastUs !== undefined ? `, last request ${age(lastUs / 1000, ctx.nowMs)}` : ''),
    };
  },
};
