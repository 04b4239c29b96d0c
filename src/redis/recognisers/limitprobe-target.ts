import type { Recogniser } from './types.js';
import { intValue, logSummary } from './format.js';

/**
 * limitprobe's embedded target (src/target, docs/target.md).
 * sliding: ZSET `<prefix><scope>:<identity>`, members `<nowMs>-<seq>` scored by ms, PEXPIRE window;
 *          only admitted requests are added (src/target/limiter/redis-scripts.ts SLIDING_LUA).
 * fixed:   STRING `<prefix><scope>:<identity>:<windowStartMs>`, INCR on every hit (limited ones too),
 *          PEXPIRE window when new (FIXED_LUA).
 * Default prefix `limitprobe:rl:`; scope is `ip` or `user`. Any prefix under `limitprobe:` is accepted
 * so tests and multiple targets can share a server.
 */
const KEY = /^(limitprobe:.*?)(ip|user):(.+)$/;
const FIXED_SUFFIX = /^(.+):(\d{12,14})$/;

export const limitprobeTarget: Recogniser = {
  id: 'limitprobe-target',
  name: 'limitprobe embedded target',
  patterns: ['limitprobe:rl:*'],
  source: 'src/target (docs/target.md)',
  recognise(s, ctx) {
    const m = KEY.exec(s.key);
    if (!m) return null;
    const scope = m[2];
    const windowMs = ctx.declared.windowMs;
    if (s.type === 'zset') {
      const oldest = s.first?.score;
      const newest = s.last?.score;
      // ZCARD counts in-window requests only when nothing older than the window is left in the set.
      const inWindow = windowMs !== undefined && oldest !== undefined && oldest >= ctx.nowMs - windowMs;
      return {
        library: this.id,
        algorithm: 'sliding log',
        identity: `${scope}:${m[3]}`,
        windowMs,
        limit: ctx.declared.limit,
        count: inWindow || s.size === 0 ? s.size : undefined,
        countsRejected: false,
        ttl: 'always',
        maxTtlMs: windowMs,
        keysPerWindow: 1,
        summary: logSummary(s.size ?? 0, oldest, newest, ctx.nowMs),
      };
    }
    if (s.type === 'string') {
      const f = FIXED_SUFFIX.exec(m[3]);
      if (!f) return null;
      const count = intValue(s);
      return {
        library: this.id,
        algorithm: 'fixed window',
        identity: `${scope}:${f[1]}`,
        windowMs,
        windowStartMs: Number(f[2]),
        limit: ctx.declared.limit,
        count,
        countsRejected: true,
        ttl: 'always',
        maxTtlMs: windowMs,
        keysPerWindow: 1,
        summary: count === undefined ? `value ${s.value}` : `count ${count}`,
      };
    }
    return null;
  },
};
