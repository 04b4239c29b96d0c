import type { Recogniser } from './types.js';
import { intValue } from './format.js';

/**
 * Kong rate-limiting plugin, redis policy (kong/plugins/rate-limiting/policies/init.lua
 * get_local_key, expiration.lua): key `ratelimit:<route id>:<service id>:<identifier>:<period start
 * ms>:<period>` (Kong < 1.0: `ratelimit:<api id>:<identifier>:…`), STRING counter, one per
 * configured period. An EVAL (EXISTS, INCRBY, EXPIRE <period seconds> when new) per period,
 * pipelined; with sync_rate > 0 the deltas are batched (EXPIREAT). Calendar-aligned windows; the key
 * carries the window. The access phase reads usage and rejects before incrementing, so rejected
 * requests are not counted; check and increment are separate steps.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const KEY = new RegExp(`^ratelimit:(${UUID}):(?:(${UUID}):)?(.+):(\\d{10,14}):(second|minute|hour|day|month|year)$`);
const PERIOD_S: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400, month: 2_592_000, year: 31_536_000 };

export const kong: Recogniser = {
  id: 'kong',
  name: 'Kong rate-limiting (redis policy)',
  patterns: ['ratelimit:*'],
  source: 'Kong/kong kong/plugins/rate-limiting/policies/init.lua (get_local_key, redis increment)',
  recognise(s, ctx) {
    const m = KEY.exec(s.key);
    if (!m || s.type !== 'string') return null;
    const count = intValue(s);
    if (count === undefined) return null;
    const [, first, second, identifier, start, period] = m;
    const windowMs = PERIOD_S[period] * 1000;
    return {
      library: this.id,
      algorithm: `fixed window (calendar ${period})`,
      identity: second ? `${identifier} (route ${first.slice(0, 8)}, service ${second.slice(0, 8)})` : `${identifier} (api ${first.slice(0, 8)})`,
      windowMs,
      windowStartMs: Number(start),
      limit: ctx.declared.windowMs === windowMs ? ctx.declared.limit : undefined,
      count,
      countsRejected: false,
      ttl: 'always',
      maxTtlMs: windowMs,
      keysPerWindow: 1,
      summary: `count ${count} (${period})`,
      note: 'Kong reads usage and increments in separate steps, so concurrent requests (or several Kong nodes, or sync_rate batching) can pass the limit together',
    };
  },
};
