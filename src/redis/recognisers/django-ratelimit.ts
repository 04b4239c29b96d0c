import type { Recogniser } from './types.js';
import { intValue } from './format.js';

/**
 * django-ratelimit (django_ratelimit/core.py _make_cache_key): `RATELIMIT_CACHE_PREFIX` ("rl:") +
 * a hash hex digest (sha256 in 4.x, md5 before) of group, rate, value and window: the identity is
 * not readable. Django's cache adds `<KEY_PREFIX>:<version>:` (":1:" by default). cache.add(key, 0,
 * period + 5 s) then cache.incr: every request is counted; windows carry per-identity jitter.
 */
const KEY = /^(?:(.*):(\d+):)?rl:([0-9a-f]{64}|[0-9a-f]{32})$/;
/** EXPIRATION_FUDGE in django_ratelimit/core.py. */
const FUDGE_MS = 5000;

export const djangoRatelimit: Recogniser = {
  id: 'django-ratelimit',
  name: 'django-ratelimit',
  patterns: ['*:1:rl:*', 'rl:*'],
  source: 'jsocol/django-ratelimit django_ratelimit/core.py',
  recognise(s, ctx) {
    const m = KEY.exec(s.key);
    if (!m || s.type !== 'string') return null;
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
