import type { Recogniser } from './types.js';
import { intValue, logSummary, reEscape } from './format.js';

/**
 * limitprobe's embedded target (src/target/limiter/redis-keys.ts, redis-scripts.ts, docs/target.md).
 * sliding: ZSET `<prefix><scope>:<identity>`, members `<nowMs>-<seq>` scored by ms, PEXPIRE window;
 *          only admitted requests are added (SLIDING_LUA).
 * fixed:   STRING `<prefix><scope>:<identity>:<windowStartMs>`, INCR on every hit (limited ones too),
 *          PEXPIRE window when new (FIXED_LUA).
 * Default prefix `limitprobe:rl:` (keyPrefix); scope is `ip` or `user`. Without --prefix any prefix
 * under `limitprobe:` is accepted, so tests and several targets can share a server.
 */
const AUTO = /^(limitprobe:.*?)(ip|user):(.+)$/;
const FIXED_SUFFIX = /^(.+):(\d{12,14})$/;

export const limitprobeTarget: Recogniser = {
  id: 'limitprobe-target',
  name: 'limitprobe embedded target',
  patterns: ['limitprobe:rl:*'],
  defaultPrefix: 'limitprobe:rl:',
  source: 'src/target/limiter (docs/target.md)',
  recognise(s, ctx) {
    const re = ctx.prefix === undefined ? AUTO : new RegExp(`^(${reEscape(ctx.prefix)})(ip|user):(.+)$`);
    const m = re.exec(s.key);
    if (!m) return null;
    const scope = m[2];
    const windowMs = ctx.declared.windowMs;
    const base = { library: this.id, windowMs, limit: ctx.declared.limit, ttl: 'always' as const, maxTtlMs: windowMs, keysPerWindow: 1 };
    if (s.type === 'zset') {
      const oldest = s.first?.score;
      const newest = s.last?.score;
      // ZCARD counts in-window requests only when nothing older than the window is left in the set.
      const inWindow = windowMs !== undefined && oldest !== undefined && oldest >= ctx.nowMs - windowMs;
      return {
        ...base,
        algorithm: 'sliding log',
        identity: `${scope}:${m[3]}`,
        count: inWindow || s.size === 0 ? s.size : undefined,
        countsRejected: false,
        summary: logSummary(s.size ?? 0, oldest, newest, ctx.nowMs),
      };
    }
    if (s.type === 'string') {
      const f = FIXED_SUFFIX.exec(m[3]);
      const count = intValue(s);
      if (!f || count === undefined) return null;
      return {
        ...base,
        algorithm: 'fixed window',
        identity: `${scope}:${f[1]}`,
        windowStartMs: Number(f[2]),
        count,
        countsRejected: true,
        summary: `count ${count}`,
      };
    }
    return null;
  },
};
