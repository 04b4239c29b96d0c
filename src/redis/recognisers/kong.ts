import type { Recogniser } from './types.js';
import { intValue } from './format.js';

/**
 * Kong rate-limiting plugin, redis policy (kong/plugins/rate-limiting/policies/init.lua):
 * key `ratelimit:<route id>:<service id>:<identifier>:<period start ms>:<period>`, STRING counter,
 * INCRBY + EXPIRE <period seconds> when new. Calendar-aligned windows; the key carries the window.
 * The access phase rejects before incrementing, so rejected requests are not counted.
 */
const KEY = /^ratelimit:([0-9a-f-]{36}):([0-9a-f-]{36}):(.+):(\d{10,14}):(second|minute|hour|day|month|year)$/;
const PERIOD_S: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400, month: 2_592_000, year: 31_536_000 };

export const kong: Recogniser = {
  id: 'kong',
  name: 'Kong rate-limiting (redis policy)',
  patterns: ['ratelimit:*'],
  source: 'Kong/kong kong/plugins/rate-limiting/policies/init.lua (get_local_key, EXPIRATION)',
  recognise(s, ctx) {
    const m = KEY.exec(s.key);
    if (!m || s.type !== 'string') return null;
    const count = intValue(s);
    if (count === undefined) return null;
    const windowMs = PERIOD_S[m[5]] * 1000;
    return {
      library: this.id,
      algorithm: `fixed window (calendar ${m[5]})`,
      identity: `${m[3]} (route ${m[1].slice(0, 8)}, service ${m[2].slice(0, 8)})`,
      windowMs,
      windowStartMs: Number(m[4]),
      limit: ctx.declared.limit,
      count,
      countsRejected: false,
      ttl: 'always',
      maxTtlMs: windowMs,
      keysPerWindow: 1,
      summary: `count ${count} (${m[5]})`,
    };
  },
};
