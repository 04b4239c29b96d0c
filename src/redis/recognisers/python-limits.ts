import type { Recogniser, Recognition } from './types.js';
import { floatValue, intValue, logSummary, reEscape } from './format.js';
import { formatDuration } from '../../scenario/duration.js';

/**
 * Python `limits` (used by slowapi and Flask-Limiter): limits/limits.py RateLimitItem.key_for and
 * limits/storage/redis.py + limits/resources/redis/lua_scripts/*.lua.
 * Item key `LIMITER/<identifiers…>/<amount>/<multiples>/<granularity>`, stored as
 * `<key_prefix>:<key>` (key_prefix default "LIMITS"; releases before 3.x store the bare key).
 * - fixed window: STRING, incr_expire.lua (INCRBY, EXPIRE on the first hit). Strategies `hit` on
 *   every request, so rejected requests are counted too.
 * - moving window: LIST of float-second timestamps, acquire_moving_window.lua: LINDEX limit−amount,
 *   reject if that entry is inside the window, else LPUSH, LTRIM 0 limit, EXPIRE window. Only
 *   admitted hits are pushed; stale entries can stay in the list (so only an all-in-window list is
 *   a count).
 * - sliding window counter: STRINGs `<prefix>:{<key>}` (current, SET … PX 2·window on creation)
 *   and `<prefix>:{<key>}/-1` (previous: the current key RENAMEd once its PTTL drops below one
 *   window), acquire_sliding_window.lua; only admitted hits. A current key with PTTL < window is a
 *   finished window waiting to be shifted.
 * - token bucket (newer releases): HASH {tokens, ts}, HSET + EXPIRE on every acquire.
 * - GCRA (newer releases): STRING float TAT (epoch seconds), SET + EXPIRE ceil(TAT − now).
 * The key itself carries the limit and the window, so no --limit/--window is needed.
 */
const DEFAULT_PREFIX = 'LIMITS:';
const BODY = '(\\{)?LIMITER\\/(.+)\\/(\\d+)\\/(\\d+)\\/(year|month|day|hour|minute|second)(\\})?(\\/-1)?$';
const AUTO = new RegExp(`^(?:LIMITS:)?${BODY}`);
const GRANULARITY_S: Record<string, number> = { year: 31_536_000, month: 2_592_000, day: 86_400, hour: 3600, minute: 60, second: 1 };

export const pythonLimits: Recogniser = {
  id: 'python-limits',
  name: 'Python limits (slowapi, Flask-Limiter)',
  patterns: ['LIMITS:LIMITER/*', 'LIMITS:{LIMITER/*', 'LIMITER/*'],
  defaultPrefix: DEFAULT_PREFIX,
  source: 'alisaifee/limits limits/storage/redis.py, limits/resources/redis/lua_scripts/*.lua',
  recognise(s, ctx) {
    const re = ctx.prefix === undefined ? AUTO : new RegExp(`^${reEscape(ctx.prefix)}${BODY}`);
    const m = re.exec(s.key);
    if (!m) return null;
    const [, open, identity, amount, multiples, granularity, close, prev] = m;
    if ((open === '{') !== (close === '}')) return null;
    const limit = Number(amount);
    const windowMs = Number(multiples) * GRANULARITY_S[granularity] * 1000;
    const base = { library: this.id, identity, windowMs, limit, ttl: 'always' as const };
    if (open) return s.type === 'string' ? slidingCounter(s.value, intValue(s), s.pttlMs, prev === '/-1', base) : null;
    if (prev) return null;
    switch (s.type) {
      case 'string': {
        const count = intValue(s);
        if (count !== undefined) {
          return { ...base, algorithm: 'fixed window', count, countsRejected: true, maxTtlMs: windowMs, keysPerWindow: 1, summary: `count ${count}` };
        }
        const tat = floatValue(s.value);
        if (tat === undefined) return null;
        const ahead = tat * 1000 - ctx.nowMs;
        const emission = windowMs / limit;
        const left = Math.max(0, Math.min(limit, Math.floor(limit - Math.max(0, ahead) / emission)));
        return {
          ...base,
          algorithm: 'GCRA',
          maxTtlMs: windowMs + 1000,
          keysPerWindow: 1,
          summary: `${ahead > 0 ? `TAT ${formatDuration(ahead)} ahead` : 'TAT in the past (full budget)'} → budget left ${left}/${limit}`,
        };
      }
      case 'list': {
        // Newest entries are pushed at the head; float seconds.
        const newest = floatValue(s.head);
        const oldest = floatValue(s.tail);
        const oldestMs = oldest !== undefined ? oldest * 1000 : undefined;
        const inWindow = oldestMs !== undefined && oldestMs >= ctx.nowMs - windowMs;
        return {
          ...base,
          algorithm: 'moving window (log)',
          count: inWindow || s.size === 0 ? s.size : undefined,
          countsRejected: false,
          maxTtlMs: windowMs,
          keysPerWindow: 1,
          summary: logSummary(s.size ?? 0, oldestMs, newest !== undefined ? newest * 1000 : undefined, ctx.nowMs, 'timestamps'),
        };
      }
      case 'hash': {
        if (!s.hash || !('tokens' in s.hash) || !('ts' in s.hash)) return null;
        const tokens = floatValue(s.hash.tokens);
        return { ...base, algorithm: 'token bucket', keysPerWindow: 1, summary: `tokens ${tokens !== undefined ? +tokens.toFixed(2) : s.hash.tokens}` };
      }
      default:
        return null;
    }
  },
};

function slidingCounter(
  value: string | undefined,
  count: number | undefined,
  pttlMs: number,
  previous: boolean,
  base: Pick<Recognition, 'library' | 'identity' | 'windowMs' | 'limit' | 'ttl'>,
): Recognition | null {
  if (count === undefined) return null;
  const w = base.windowMs!;
  // The current key is shifted to /-1 once its PTTL drops below one window: until the next hit it holds a finished window.
  const finished = previous || (pttlMs >= 0 && pttlMs < w);
  return {
    ...base,
    algorithm: 'sliding window counter',
    count: finished ? undefined : count,
    countsRejected: false,
    maxTtlMs: previous ? w : 2 * w,
    keysPerWindow: 2,
    summary: `${previous ? 'previous window' : finished ? 'finished window (not yet shifted)' : 'current window'} count ${count ?? value}`,
  };
}
