import type { Recogniser } from './types.js';
import { intValue } from './format.js';

/**
 * Envoy's ratelimit service (src/limiter/cache_key.go, src/redis/fixed_cache_impl.go):
 * key `<CACHE_KEY_PREFIX><domain>_<k1>_<v1>_…_<window start, unix seconds>`, STRING counter,
 * pipelined INCRBY + EXPIRE <unit seconds + optional jitter>. Every hit is counted.
 * The prefix is empty by default, so the glob only looks for a 10-digit epoch suffix.
 */
const KEY = /^(.+?)_(.+)_(\d{10})$/;
/** EXPIRATION_JITTER_MAX_SECONDS default in envoy ratelimit settings. */
const JITTER_MS = 300_000;

export const envoyRatelimit: Recogniser = {
  id: 'envoy-ratelimit',
  name: 'Envoy ratelimit service',
  patterns: ['*_1[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'],
  source: 'envoyproxy/ratelimit src/limiter/cache_key.go (GenerateCacheKey)',
  recognise(s, ctx) {
    const m = KEY.exec(s.key);
    if (!m || s.type !== 'string') return null;
    const count = intValue(s);
    if (count === undefined) return null;
    const w = ctx.declared.windowMs;
    return {
      library: this.id,
      algorithm: 'fixed window (epoch-aligned)',
      identity: `${m[1]}_${m[2]}`,
      windowMs: w,
      windowStartMs: Number(m[3]) * 1000,
      limit: ctx.declared.limit,
      count,
      countsRejected: true,
      ttl: 'always',
      maxTtlMs: w !== undefined ? w + JITTER_MS : undefined,
      keysPerWindow: 1,
      summary: `count ${count}`,
    };
  },
};
