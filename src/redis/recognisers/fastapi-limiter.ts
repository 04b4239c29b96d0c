import type { Recogniser } from './types.js';
import { intValue, logSummary } from './format.js';

/**
 * fastapi-limiter (fastapi_limiter/__init__.py lua_script, depends.py RateLimiter.__call__):
 * key `<prefix>:<identifier>:<route index>:<dependency index>` (prefix default "fastapi-limiter",
 * identifier default `<ip>:<path>`); WebSocketRateLimiter uses `<prefix>:ws:<identifier>:<context>`.
 * Lua (0.1.4+): first hit SET key 1 PX window; later hits INCR only while below the limit, else
 * return PTTL: the counter stops at the limit (rejected hits are not counted) and the TTL is never
 * longer than the window. A key that lost its TTL answers PTTL -1 (non-zero: rejected) forever.
 * The sliding-window variant (constants.py SLIDING_WINDOW_LIMIT_SCRIPT) keeps a ZSET whose member
 * and score are TIME in whole seconds, so requests in the same second collapse into one member.
 */
const DEFAULT_PREFIX = 'fastapi-limiter:';

export const fastapiLimiter: Recogniser = {
  id: 'fastapi-limiter',
  name: 'fastapi-limiter',
  patterns: ['fastapi-limiter:*'],
  defaultPrefix: DEFAULT_PREFIX,
  source: 'long2ice/fastapi-limiter fastapi_limiter/__init__.py (lua_script), depends.py',
  recognise(s, ctx) {
    const prefix = ctx.prefix ?? DEFAULT_PREFIX;
    if (!s.key.startsWith(prefix)) return null;
    // HTTP keys end in `:<route index>:<dependency index>`; the identity is what comes before.
    const identity = s.key.slice(prefix.length).replace(/:\d+:\d+$/, '');
    const base = { library: this.id, identity, windowMs: ctx.declared.windowMs, limit: ctx.declared.limit, ttl: 'always' as const, maxTtlMs: ctx.declared.windowMs, keysPerWindow: 1 };
    if (s.type === 'string') {
      const count = intValue(s);
      if (count === undefined) return null;
      return {
        ...base,
        algorithm: 'fixed window (from first hit)',
        count,
        countsRejected: false,
        summary: `count ${count}`,
        note: 'releases before 0.1.4 (INCRBY then EXPIRE) counted rejected requests too',
      };
    }
    if (s.type === 'zset') {
      const oldest = s.first?.score;
      const newest = s.last?.score;
      return {
        ...base,
        algorithm: 'sliding log (whole seconds)',
        // Same-second requests share one member: ZCARD undercounts, so it is no request count.
        countsRejected: false,
        summary: logSummary(s.size ?? 0, oldest !== undefined ? oldest * 1000 : undefined, newest !== undefined ? newest * 1000 : undefined, ctx.nowMs, 'seconds with requests'),
      };
    }
    return null;
  },
};
