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

/** The glob patterns to SCAN when the user gives none: every selected library's own. */
export function defaultPatterns(recognisers: readonly Recogniser[]): string[] {
  return [...new Set(recognisers.flatMap((r) => r.patterns))];
}

export function recognise(s: KeyState, recognisers: readonly Recogniser[], ctx: RecogniseContext): Recognition | null {
  for (const r of recognisers) {
    const hit = r.recognise(s, ctx);
    if (hit) return hit;
  }
  return null;
}
