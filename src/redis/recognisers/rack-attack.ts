import type { Recogniser } from './types.js';
import { intValue, reEscape } from './format.js';

/**
 * rack-attack (lib/rack/attack/cache.rb key_and_expiry, throttle.rb): key
 * `<prefix>[:g<generation>]:<epoch / period>:<throttle name>:<discriminator>`, prefix default
 * "rack::attack" (a Rails cache namespace may precede it). STRING counter incremented on every
 * request, throttled ones included, with expires_in = period − (now % period) + 1 s: windows are
 * epoch-aligned and the key's number is the window index, not a timestamp.
 */
const DEFAULT_PREFIX = 'rack::attack:';
const REST = '(?:g\\d+:)?(\\d+):([^:]+):(.+)$';
const AUTO = new RegExp(`^(?:.*:)?rack::attack:${REST}`);

export const rackAttack: Recogniser = {
  id: 'rack-attack',
  name: 'rack-attack',
  patterns: ['*rack::attack:*'],
  defaultPrefix: DEFAULT_PREFIX,
  source: 'rack/rack-attack lib/rack/attack/cache.rb (key_and_expiry)',
  recognise(s, ctx) {
    const re = ctx.prefix === undefined ? AUTO : new RegExp(`^${reEscape(ctx.prefix)}${REST}`);
    const m = re.exec(s.key);
    if (!m || s.type !== 'string') return null;
    const count = intValue(s);
    if (count === undefined) return null;
    const w = ctx.declared.windowMs;
    return {
      library: this.id,
      algorithm: 'fixed window (epoch-aligned)',
      identity: `${m[2]}:${m[3]}`,
      windowMs: w,
      windowStartMs: w !== undefined ? Number(m[1]) * w : undefined,
      limit: ctx.declared.limit,
      count,
      countsRejected: true,
      ttl: 'always',
      maxTtlMs: w !== undefined ? w + 1000 : undefined,
      keysPerWindow: 1,
      summary: `count ${count} (window #${m[1]})`,
    };
  },
};
