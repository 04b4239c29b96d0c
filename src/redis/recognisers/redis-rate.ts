import type { Recogniser } from './types.js';
import { floatValue } from './format.js';
import { formatDuration } from '../../scenario/duration.js';

/**
 * go-redis/redis_rate (lua.go, GCRA): key `rate:<key>`, STRING holding the theoretical arrival time
 * (TAT) in float seconds since 2017-01-01T00:00:00Z, SET … EX ceil(TAT − now). A TAT is a time,
 * not a count: budget left = burst − (TAT − now) / emission interval, with emission interval =
 * period / rate. We assume burst = rate = --limit per --window (redis_rate.PerSecond/PerMinute do).
 * Traefik uses the same `rate:` prefix with a HASH; see traefik.ts.
 */
export const REDIS_RATE_EPOCH_S = 1_483_228_800;

export function gcraBudget(tatS: number, nowMs: number, limit: number, windowMs: number): number {
  const nowS = nowMs / 1000 - REDIS_RATE_EPOCH_S;
  const emission = windowMs / 1000 / limit;
  const remaining = Math.floor(limit - Math.max(0, tatS - nowS) / emission + 0.5);
  return Math.max(0, Math.min(limit, remaining));
}

export const redisRate: Recogniser = {
  id: 'redis_rate',
  name: 'go-redis/redis_rate (GCRA)',
  patterns: ['rate:*'],
  source: 'go-redis/redis_rate lua.go',
  recognise(s, ctx) {
    if (!s.key.startsWith('rate:') || s.type !== 'string') return null;
    const tat = floatValue(s.value);
    if (tat === undefined) return null;
    const ahead = tat - (ctx.nowMs / 1000 - REDIS_RATE_EPOCH_S);
    const { limit, windowMs } = ctx.declared;
    const budget = limit !== undefined && windowMs !== undefined ? gcraBudget(tat, ctx.nowMs, limit, windowMs) : undefined;
    const aheadText = ahead > 0 ? `TAT ${formatDuration(ahead * 1000)} ahead` : 'TAT in the past (full budget)';
    return {
      library: this.id,
      algorithm: 'GCRA',
      identity: s.key.slice(5),
      windowMs,
      limit,
      ttl: 'always',
      // EX is ceil(new TAT − now) and TAT − now never exceeds burst · emission = window.
      maxTtlMs: windowMs !== undefined ? windowMs + 1000 : undefined,
      keysPerWindow: 1,
      summary: budget !== undefined ? `${aheadText} → budget left ${budget}/${limit}` : `${aheadText} (give --limit/--window for budget left)`,
    };
  },
};
