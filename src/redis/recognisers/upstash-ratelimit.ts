import type { Recogniser } from './types.js';
import { age, floatValue, intValue } from './format.js';

/**
 * @upstash/ratelimit (src/single.ts, src/lua-scripts/single.ts), prefix default "@upstash/ratelimit":
 * - fixedWindow: STRING `<prefix>:<id>:<floor(now/window)>`, INCRBY then PEXPIRE window on the first
 *   hit; every request counted.
 * - slidingWindow: the same key shape for the current and previous window; INCRBY only when admitted,
 *   PEXPIRE 2·window + 1s on the first hit.
 * - tokenBucket: HASH `<prefix>:<id>` {refilledAt (ms), tokens}, PEXPIRE until full again.
 * Fixed and sliding keys look alike; a TTL beyond one window (or a declared window) tells them apart.
 */
const PREFIX = '@upstash/ratelimit:';
const WINDOWED = /^@upstash\/ratelimit:(.+):(\d+)$/;

export const upstashRatelimit: Recogniser = {
  id: 'upstash-ratelimit',
  name: '@upstash/ratelimit',
  patterns: ['@upstash/ratelimit:*'],
  source: 'upstash/ratelimit-js src/single.ts, src/lua-scripts/single.ts',
  recognise(s, ctx) {
    if (!s.key.startsWith(PREFIX)) return null;
    if (s.type === 'hash' && s.hash && 'refilledAt' in s.hash && 'tokens' in s.hash) {
      const refilled = floatValue(s.hash.refilledAt);
      return {
        library: this.id,
        algorithm: 'token bucket',
        identity: s.key.slice(PREFIX.length),
        windowMs: ctx.declared.windowMs,
        limit: ctx.declared.limit,
        ttl: 'always',
        summary: `tokens left ${s.hash.tokens}` + (refilled !== undefined ? `, last refill ${age(refilled, ctx.nowMs)}` : ''),
      };
    }
    const m = WINDOWED.exec(s.key);
    if (!m || s.type !== 'string') return null;
    const count = intValue(s);
    if (count === undefined) return null;
    const w = ctx.declared.windowMs;
    const index = Number(m[2]);
    // With a declared window, the index must be floor(now/window) or the one before it.
    const current = w !== undefined ? Math.floor(ctx.nowMs / w) : undefined;
    const sliding = w !== undefined && s.pttlMs > w + 1000;
    return {
      library: this.id,
      algorithm: sliding ? 'sliding window (counter pair)' : 'fixed or sliding window (counter)',
      identity: m[1],
      windowMs: w,
      windowStartMs: w !== undefined ? index * w : undefined,
      limit: ctx.declared.limit,
      count,
      countsRejected: sliding ? false : undefined,
      ttl: 'always',
      maxTtlMs: w !== undefined ? 2 * w + 1000 : undefined,
      keysPerWindow: 2,
      summary: `count ${count}` + (current !== undefined ? (index === current ? ' (current window)' : index === current - 1 ? ' (previous window)' : ` (window ${index - current})`) : ''),
    };
  },
};
