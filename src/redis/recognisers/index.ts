import type { KeyState } from '../key-state.js';
import type { Recogniser, Recognition, RecogniseContext } from './types.js';
import { limitprobeTarget } from './limitprobe-target.js';
import { expressRateLimit } from './express-rate-limit.js';
import { rateLimiterFlexible } from './rate-limiter-flexible.js';
import { upstashRatelimit } from './upstash-ratelimit.js';
import { pythonLimits } from './python-limits.js';
import { fastapiLimiter } from './fastapi-limiter.js';
import { redisRate } from './redis-rate.js';
import { traefik } from './traefik.js';
import { rackAttack } from './rack-attack.js';
import { kong } from './kong.js';
import { envoyRatelimit } from './envoy-ratelimit.js';
import { springCloudGateway } from './spring-cloud-gateway.js';
import { djangoRatelimit } from './django-ratelimit.js';
import { UserError } from '../../errors.js';

export type { Recogniser, Recognition, RecogniseContext, Declared } from './types.js';

/**
 * Every known layout, most specific first: the first recogniser that accepts a key wins
 * (django's hex digests before express-rate-limit's `rl:*`, Traefik's HASH and redis_rate's STRING
 * both under `rate:*` are told apart by type). To add a library: write one file exporting a
 * Recogniser, append it here, add a fixture test in test/redis/recognisers.test.ts, document it.
 */
export const RECOGNISERS: readonly Recogniser[] = [
  limitprobeTarget,
  djangoRatelimit,
  expressRateLimit,
  rateLimiterFlexible,
  upstashRatelimit,
  pythonLimits,
  fastapiLimiter,
  traefik,
  redisRate,
  rackAttack,
  kong,
  springCloudGateway,
  envoyRatelimit,
];

/** `--library auto` → all; a name → that recogniser only (clear error listing valid names). */
export function selectRecognisers(library: string | undefined, where = '--library'): readonly Recogniser[] {
  if (library === undefined || library === 'auto') return RECOGNISERS;
  const r = RECOGNISERS.find((x) => x.id === library);
  if (!r) throw new UserError(`${where}: unknown library ${JSON.stringify(library)}; use auto or one of: ${RECOGNISERS.map((x) => x.id).join(', ')}`);
  return [r];
}

/**
 * `--prefix` is only meaningful for one named library whose key prefix is configurable; anything
 * else is a usage error naming what is valid.
 */
export function checkPrefix(recognisers: readonly Recogniser[], prefix: string | undefined, where = '--prefix'): string | undefined {
  if (prefix === undefined) return undefined;
  if (recognisers.length !== 1) {
    throw new UserError(`${where}: needs --library naming one library (the prefix replaces that library's default); libraries with a configurable prefix: ${configurable()}`);
  }
  const r = recognisers[0];
  if (r.defaultPrefix === undefined) throw new UserError(`${where}: ${r.id} keys have a fixed layout (${r.patterns.join(', ')}); --prefix applies to: ${configurable()}`);
  if (prefix.length === 0 && r.defaultPrefix !== '') throw new UserError(`${where}: empty prefix; give the literal text keys start with, e.g. ${JSON.stringify(r.defaultPrefix)}`);
  return prefix;
}

function configurable(): string {
  return RECOGNISERS.filter((r) => r.defaultPrefix !== undefined).map((r) => `${r.id} (default ${JSON.stringify(r.defaultPrefix)})`).join(', ');
}

/** The glob patterns to SCAN when the user gives none: every selected library's own, or `<prefix>*`. */
export function defaultPatterns(recognisers: readonly Recogniser[], prefix?: string): string[] {
  if (prefix !== undefined) return [`${globEscape(prefix)}*`];
  return [...new Set(recognisers.flatMap((r) => r.patterns))];
}

/** Escape SCAN MATCH glob specials so a literal prefix matches only itself. */
export function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}

export function recognise(s: KeyState, recognisers: readonly Recogniser[], ctx: RecogniseContext): Recognition | null {
  for (const r of recognisers) {
    const hit = r.recognise(s, ctx);
    if (hit) return r.genericLayout && recognisers.length > 1 ? { ...hit, weak: true } : hit;
  }
  return null;
}
