import type { Recogniser } from './types.js';
import { intValue, reEscape } from './format.js';

/**
 * django-ratelimit (django_ratelimit/core.py _make_cache_key, get_usage): `RATELIMIT_CACHE_PREFIX`
 * ("rl:") + a hex digest (sha256 in 4.x, md5 before) of group, rate, value and window: the identity
 * is not readable. Django's cache adds `<KEY_PREFIX>:<version>:` (":1:" by default), so the stored
 * key is `:1:rl:<hex>`. cache.add(key, 1, period + EXPIRATION_FUDGE 5 s) (SET NX EX), and when the
 * key exists cache.incr: every request is counted; windows carry per-value crc32 jitter.
 * `--prefix` is the whole literal before the digest (default ":1:rl:").
 */
const AUTO = /^(?:(.*):(\d+):)?rl:([0-9a-f]{64}|[0-9a-f]{32})$/;
const FUDGE_MS = 5000;

export const djangoRatelimit: Recogniser = {
  id: 'django-ratelimit',
  name: 'django-ratelimit',
  patterns: ['*:1:rl:*', 'rl:*'],
  defaultPrefix: ':1:rl:',
  source: 'jsocol/django-ratelimit django_ratelimit/core.py',
  recognise(s, ctx) {
    const re = ctx.prefix === undefined ? AUTO : new RegExp(`^${reEscape(ctx.prefix)}([0-9a-f]{64}|[0-9a-f]{32})$`);
    if (!re.test(s.key) || s.type !== 'string') return null;
    const count = intValue(s);
    if (count === undefined) return null;
    const w = ctx.declared.windowMs;
    return {
      library: this.id,
      algorithm: 'fixed window (jittered)',
      // The digest stands in for the identity: distinct digests are distinct (group, value, window).
      identity: undefined,
      windowMs: w,
      limit: ctx.declared.limit,
      count,
      countsRejected: true,
      ttl: 'always',
      maxTtlMs: w !== undefined ? w + FUDGE_MS : undefined,
      summary: `count ${count} (hashed key)`,
    };
  },
};
