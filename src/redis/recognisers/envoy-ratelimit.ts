import type { Recogniser } from './types.js';
import { intValue, reEscape } from './format.js';

/**
 * Envoy's ratelimit service (src/limiter/cache_key.go GenerateCacheKey, src/redis/fixed_cache_impl.go):
 * key `<CACHE_KEY_PREFIX><domain>_<k1>_<v1>_…_<window start, unix seconds>`, STRING counter;
 * every hit sends pipelined INCRBY + EXPIRE <unit seconds + random jitter below
 * EXPIRATION_JITTER_MAX_SECONDS (default 300)>. Every hit is counted, except those rejected by the
 * optional local over-limit cache, which never reach Redis.
 * The prefix is empty by default, so the glob only looks for a 10-digit epoch suffix.
 */
const REST = '(.+?)_(.+)_(\\d{10})$';
const AUTO = new RegExp(`^${REST}`);
const JITTER_MS = 300_000;

export const envoyRatelimit: Recogniser = {
  id: 'envoy-ratelimit',
  name: 'Envoy ratelimit service',
  patterns: ['*_1[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'],
  defaultPrefix: '',
  genericLayout: true,
  source: 'envoyproxy/ratelimit src/limiter/cache_key.go, src/redis/fixed_cache_impl.go',
  recognise(s, ctx) {
    const re = ctx.prefix ? new RegExp(`^${reEscape(ctx.prefix)}${REST}`) : AUTO;
    const m = re.exec(s.key);
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
      note: 'with LOCAL_CACHE_SIZE_IN_BYTES set, requests rejected by the local over-limit cache are not counted in Redis',
    };
  },
};
