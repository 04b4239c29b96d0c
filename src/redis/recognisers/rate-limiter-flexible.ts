import type { Recogniser } from './types.js';
import { intValue } from './format.js';

/**
 * rate-limiter-flexible RateLimiterRedis (lib/RateLimiterRedis.js): key `<keyPrefix>:<key>`,
 * keyPrefix default "rlflx". The Lua script does SET key 0 EX duration NX, then INCRBY points, and
 * re-applies EXPIRE if PTTL is -1. Every consume is counted, rejected ones included. `duration: 0`
 * means "never expire" (a user choice), so a missing TTL is a warning, not a failure. blockDuration
 * rewrites the key with a longer EX, so a TTL above the window may be a block.
 */
export const rateLimiterFlexible: Recogniser = {
  id: 'rate-limiter-flexible',
  name: 'rate-limiter-flexible (RateLimiterRedis)',
  patterns: ['rlflx:*'],
  source: 'animir/node-rate-limiter-flexible lib/RateLimiterRedis.js',
  recognise(s, ctx) {
    if (!s.key.startsWith('rlflx:') || s.type !== 'string') return null;
    const count = intValue(s);
    if (count === undefined) return null;
    return {
      library: this.id,
      algorithm: 'fixed window (from first consume)',
      identity: s.key.slice('rlflx:'.length),
      windowMs: ctx.declared.windowMs,
      limit: ctx.declared.limit,
      count,
      countsRejected: true,
      ttl: 'optional',
      maxTtlMs: ctx.declared.windowMs,
      keysPerWindow: 1,
      summary: `points consumed ${count}`,
    };
  },
};
