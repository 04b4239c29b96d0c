import type { Recogniser } from './types.js';
import { intValue } from './format.js';

/**
 * rate-limiter-flexible RateLimiterRedis (lib/RateLimiterRedis.js, lib/RateLimiterAbstract.js):
 * key `<keyPrefix>:<key>`, keyPrefix default "rlflx". The rlflxIncr Lua script runs
 * SET key 0 EX duration NX, INCRBY points, PTTL, and EXPIRE again if PTTL is -1. Every consume is
 * counted, rejected ones included. `duration: 0` means "never expire" (MULTI INCRBY + PTTL, a user
 * choice), so a missing TTL is a warning, not a failure. block()/blockDuration rewrite the key
 * with SET … EX blockDuration, so a TTL above the window may be a block.
 */
const DEFAULT_PREFIX = 'rlflx:';

export const rateLimiterFlexible: Recogniser = {
  id: 'rate-limiter-flexible',
  name: 'rate-limiter-flexible (RateLimiterRedis)',
  patterns: ['rlflx:*'],
  defaultPrefix: DEFAULT_PREFIX,
  source: 'animir/node-rate-limiter-flexible lib/RateLimiterRedis.js',
  recognise(s, ctx) {
    const prefix = ctx.prefix ?? DEFAULT_PREFIX;
    if (!s.key.startsWith(prefix) || s.type !== 'string') return null;
    const count = intValue(s);
    if (count === undefined) return null;
    return {
      library: this.id,
      algorithm: 'fixed window (from first consume)',
      identity: s.key.slice(prefix.length),
      windowMs: ctx.declared.windowMs,
      limit: ctx.declared.limit,
      count,
      countsRejected: true,
      ttl: 'optional',
      maxTtlMs: ctx.declared.windowMs,
      keysPerWindow: 1,
      summary: `points consumed ${count}`,
      note: 'a blockDuration (or block()) rewrites the key with a longer EX, which also explains a long TTL',
    };
  },
};
