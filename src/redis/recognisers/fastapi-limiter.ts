import type { Recogniser } from './types.js';
import { intValue } from './format.js';

/**
 * fastapi-limiter ≤ 0.1 (fastapi_limiter/__init__.py): key `<prefix>:<identifier>:<route index>:<dep index>`,
 * (older: `…:<index>`), prefix default "fastapi-limiter", identifier default `<ip>:<path>`. Lua: first hit SET key 1 PX window;
 * later hits INCR only while below the limit, so the counter stops at the limit (rejected hits are not
 * counted) and the TTL is never longer than the window.
 */
// Older releases end in one `:<index>`, later ones in `:<route index>:<dependency index>`.
const KEY = /^fastapi-limiter:(.+?)((?::\d+){1,2})$/;

export const fastapiLimiter: Recogniser = {
  id: 'fastapi-limiter',
  name: 'fastapi-limiter',
  patterns: ['fastapi-limiter:*'],
  source: 'long2ice/fastapi-limiter fastapi_limiter/__init__.py (lua_script)',
  recognise(s, ctx) {
    const m = KEY.exec(s.key);
    if (!m || s.type !== 'string') return null;
    const count = intValue(s);
    if (count === undefined) return null;
    return {
      library: this.id,
      algorithm: 'fixed window (from first hit)',
      identity: m[1],
      windowMs: ctx.declared.windowMs,
      limit: ctx.declared.limit,
      count,
      countsRejected: false,
      ttl: 'always',
      maxTtlMs: ctx.declared.windowMs,
      keysPerWindow: 1,
      summary: `count ${count}`,
    };
  },
};
