import type { Recogniser } from './types.js';
import { floatValue, intValue, logSummary } from './format.js';

/**
 * Python `limits` (used by slowapi and Flask-Limiter), limits/storage/redis.py + lua_scripts/:
 * item key `LIMITER/<identifiers…>/<amount>/<multiples>/<granularity>` (RateLimitItem.key_for),
 * stored as `LIMITS:<key>` (newer versions; older ones store the bare key).
 * - fixed window: STRING, incr_expire.lua (INCRBY, EXPIRE on first hit); every hit counted.
 * - moving window: LIST of float-second timestamps, LPUSH + LTRIM 0..limit + EXPIRE window, only
 *   admitted hits.
 * - sliding window counter: STRINGs `LIMITS:{<key>}` (current, PX 2·window) and `LIMITS:{<key>}/-1`
 *   (previous), only admitted hits.
 * The key itself carries the limit and the window, so no --limit/--window is needed.
 */
const KEY = /^(LIMITS:)?(\{)?LIMITER\/(.+)\/(\d+)\/(\d+)\/(year|month|day|hour|minute|second)(\})?(\/-1)?$/;
const GRANULARITY_S: Record<string, number> = { year: 31_536_000, month: 2_592_000, day: 86_400, hour: 3600, minute: 60, second: 1 };

export const pythonLimits: Recogniser = {
  id: 'python-limits',
  name: 'Python limits (slowapi, Flask-Limiter)',
  patterns: ['LIMITS:LIMITER/*', 'LIMITS:{LIMITER/*', 'LIMITER/*'],
  source: 'alisaifee/limits limits/storage/redis.py, limits/resources/redis/lua_scripts/*.lua',
  recognise(s, ctx) {
    const m = KEY.exec(s.key);
    if (!m) return null;
    const braced = m[2] === '{' && m[7] === '}';
    if ((m[2] === '{') !== (m[7] === '}')) return null;
    const limit = Number(m[4]);
    const windowMs = Number(m[5]) * GRANULARITY_S[m[6]] * 1000;
    const identity = m[3];
    if (braced && s.type === 'string') {
      const count = intValue(s);
      const previous = m[8] === '/-1';
      return {
        library: this.id,
        algorithm: 'sliding window counter',
        identity,
        windowMs,
        limit,
        // The previous-window key holds a finished window: its count is not this window's.
        count: previous ? undefined : count,
        countsRejected: false,
        ttl: 'always',
        maxTtlMs: 2 * windowMs,
        keysPerWindow: 2,
        summary: `${previous ? 'previous' : 'current'} window count ${count ?? s.value}`,
      };
    }
    if (braced || m[8]) return null;
    if (s.type === 'string') {
      const count = intValue(s);
      if (count === undefined) return null;
      return {
        library: this.id,
        algorithm: 'fixed window',
        identity,
        windowMs,
        limit,
        count,
        countsRejected: true,
        ttl: 'always',
        maxTtlMs: windowMs,
        keysPerWindow: 1,
        summary: `count ${count}`,
      };
    }
    if (s.type === 'list') {
      // Newest entries are pushed at the head; float seconds.
      const newest = floatValue(s.head);
      const oldest = floatValue(s.tail);
      const oldestMs = oldest !== undefined ? oldest * 1000 : undefined;
      const inWindow = oldestMs !== undefined && oldestMs >= ctx.nowMs - windowMs;
      return {
        library: this.id,
        algorithm: 'moving window (log)',
        identity,
        windowMs,
        limit,
        count: inWindow || s.size === 0 ? s.size : undefined,
        countsRejected: false,
        ttl: 'always',
        maxTtlMs: windowMs,
        keysPerWindow: 1,
        summary: logSummary(s.size ?? 0, oldestMs, newest !== undefined ? newest * 1000 : undefined, ctx.nowMs, 'timestamps'),
      };
    }
    return null;
  },
};
