import type { Recogniser } from './types.js';
import { intValue } from './format.js';

/**
 * express-rate-limit with rate-limit-redis (source/scripts.ts `increment`, source/lib.ts): key
 * `<prefix><client key>`, prefix option default "rl:", STRING counter. The script runs INCR, then
 * PTTL, then PEXPIRE windowMs when PTTL < 0 (or on every hit with resetExpiryOnChange), so a key
 * always has a TTL ≤ windowMs. Every hit is counted, rejected ones included (the check happens
 * after INCR). django-ratelimit also writes "rl:" + a hex digest; with the default prefix those keys
 * are left to its recogniser.
 */
const DEFAULT_PREFIX = 'rl:';
const HEX_DIGEST = /^[0-9a-f]{32}([0-9a-f]{32})?$/;

export const expressRateLimit: Recogniser = {
  id: 'express-rate-limit',
  name: 'express-rate-limit + rate-limit-redis',
  patterns: ['rl:*'],
  defaultPrefix: DEFAULT_PREFIX,
  source: 'express-rate-limit/rate-limit-redis source/scripts.ts',
  recognise(s, ctx) {
    const prefix = ctx.prefix ?? DEFAULT_PREFIX;
    if (!s.key.startsWith(prefix) || s.type !== 'string') return null;
    const clientKey = s.key.slice(prefix.length);
    if (ctx.prefix === undefined && HEX_DIGEST.test(clientKey)) return null;
    const count = intValue(s);
    if (count === undefined) return null;
    return {
      library: this.id,
      algorithm: 'fixed window (from first hit)',
      identity: clientKey,
      windowMs: ctx.declared.windowMs,
      limit: ctx.declared.limit,
      count,
      countsRejected: true,
      ttl: 'always',
      maxTtlMs: ctx.declared.windowMs,
      keysPerWindow: 1,
      summary: `count ${count}`,
    };
  },
};
