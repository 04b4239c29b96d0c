import type { Recogniser } from './types.js';
import { intValue } from './format.js';

/**
 * express-rate-limit with rate-limit-redis (source/scripts.ts, source/lib.ts): key `rl:<client key>`
 * (prefix option, default "rl:"), STRING counter. The increment script runs INCR, then PEXPIRE
 * windowMs when PTTL < 0 (or on every hit with resetExpiryOnChange), so a key always has a TTL
 * ≤ windowMs. Every hit is counted, rejected ones included (the check happens after INCR).
 * django-ratelimit also uses "rl:" but with a hex digest; those keys are left to its recogniser.
 */
const HEX_DIGEST = /^rl:[0-9a-f]{32}([0-9a-f]{32})?$/;

export const expressRateLimit: Recogniser = {
  id: 'express-rate-limit',
  name: 'express-rate-limit + rate-limit-redis',
  patterns: ['rl:*'],
  source: 'express-rate-limit/rate-limit-redis source/scripts.ts',
  recognise(s, ctx) {
    if (!s.key.startsWith('rl:') || HEX_DIGEST.test(s.key) || s.type !== 'string') return null;
    const count = intValue(s);
    if (count === undefined) return null;
    return {
      library: this.id,
      algorithm: 'fixed window (from first hit)',
      identity: s.key.slice(3),
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
