import type { Recogniser } from './types.js';
import { age, floatValue } from './format.js';

/**
 * Traefik v3 rateLimit middleware with Redis (pkg/middlewares/ratelimiter/redis_limiter.go and its
 * Lua): key `rate:<source>` (source is often `<middleware>@<provider>:<client ip>`), HASH
 * {last: µs timestamp, tokens: float}, HSET + EXPIRE ttl on every request. Token bucket.
 */
export const traefik: Recogniser = {
  id: 'traefik',
  name: 'Traefik rateLimit (Redis)',
  patterns: ['rate:*'],
  source: 'traefik/traefik pkg/middlewares/ratelimiter/redis_limiter.go',
  recognise(s, ctx) {
    if (!s.key.startsWith('rate:') || s.type !== 'hash' || !s.hash || !('tokens' in s.hash) || !('last' in s.hash)) return null;
    const lastUs = floatValue(s.hash.last);
    const tokens = floatValue(s.hash.tokens);
    return {
      library: this.id,
      algorithm: 'token bucket',
      identity: s.key.slice(5),
      windowMs: ctx.declared.windowMs,
      limit: ctx.declared.limit,
      ttl: 'always',
      keysPerWindow: 1,
      summary: `tokens ${tokens !== undefined ? +tokens.toFixed(2) : s.hash.tokens}` + (lastUs !== undefined ? `, last request ${age(lastUs / 1000, ctx.nowMs)}` : ''),
    };
  },
};
