import type { Recogniser } from './types.js';
import { age, floatValue, intValue, reEscape } from './format.js';

/**
 * @upstash/ratelimit (src/single.ts, src/lua-scripts/single.ts); every key is `<prefix>:<id>…`,
 * prefix default "@upstash/ratelimit":
 * - fixedWindow: STRING `<prefix>:<id>:<floor(now/window)>`, INCRBY then PEXPIRE window when the
 *   value equals the increment (first hit); every request counted, rejected ones too.
 * - slidingWindow: the same key shape for the current and previous bucket; GET both, reject before
 *   INCRBY, so only admitted requests are counted; PEXPIRE 2·window + 1 s on the first hit.
 * - tokenBucket: HASH `<prefix>:<id>` {refilledAt (ms), tokens}, HSET + PEXPIRE until full again.
 * Fixed and sliding keys look alike. With a declared window their expiry time tells them apart
 * (fixed: first hit + w, always before the end of the next bucket; sliding: first hit + 2w + 1 s,
 * always after it).
 */
const DEFAULT_PREFIX = '@upstash/ratelimit:';

export const upstashRatelimit: Recogniser = {
  id: 'upstash-ratelimit',
  name: '@upstash/ratelimit',
  patterns: ['@upstash/ratelimit:*'],
  defaultPrefix: DEFAULT_PREFIX,
  source: 'upstash/ratelimit-js src/single.ts, src/lua-scripts/single.ts',
  recognise(s, ctx) {
    const prefix = ctx.prefix ?? DEFAULT_PREFIX;
    if (!s.key.startsWith(prefix)) return null;
    if (s.type === 'hash' && s.hash && 'refilledAt' in s.hash && 'tokens' in s.hash) {
      const refilled = floatValue(s.hash.refilledAt);
      return {
        library: this.id,
        algorithm: 'token bucket',
        identity: s.key.slice(prefix.length),
        windowMs: ctx.declared.windowMs,
        limit: ctx.declared.limit,
        ttl: 'always',
        summary: `tokens left ${s.hash.tokens}` + (refilled !== undefined ? `, refilled ${age(refilled, ctx.nowMs)}` : ''),
      };
    }
    const m = new RegExp(`^${reEscape(prefix)}(.+):(\\d+)$`).exec(s.key);
    if (!m || s.type !== 'string') return null;
    const count = intValue(s);
    if (count === undefined) return null;
    const w = ctx.declared.windowMs;
    const index = Number(m[2]);
    const current = w !== undefined ? Math.floor(ctx.nowMs / w) : undefined;
    let kind: 'fixed' | 'sliding' | undefined;
    if (w !== undefined && s.pttlMs >= 0) {
      // First hit at t in bucket [i·w, (i+1)·w): fixed expires at t + w < (i+2)·w, sliding at
      // t + 2w + 1 s ≥ (i+2)·w + 1 s. The two ranges never overlap, so the expiry time decides.
      const expiresAt = s.readAtMs + s.pttlMs;
      kind = expiresAt < (index + 2) * w + 500 ? 'fixed' : 'sliding';
    }
    const where = current === undefined ? '' : index === current ? ' (current window)' : index === current - 1 ? ' (previous window)' : ` (window ${index - current})`;
    return {
      library: this.id,
      algorithm: kind === 'sliding' ? 'sliding window (counter pair)' : kind === 'fixed' ? 'fixed window' : 'fixed or sliding window (counter)',
      identity: m[1],
      windowMs: w,
      windowStartMs: w !== undefined ? index * w : undefined,
      limit: ctx.declared.limit,
      // A previous bucket's count belongs to a finished window.
      count: current !== undefined && index !== current ? undefined : count,
      countsRejected: kind === 'sliding' ? false : kind === 'fixed' ? true : undefined,
      ttl: 'always',
      maxTtlMs: w === undefined ? undefined : kind === 'fixed' ? w : 2 * w + 1000,
      keysPerWindow: kind === 'fixed' ? 1 : 2,
      summary: `count ${count}${where}`,
    };
  },
};
