import type { HeaderDialect } from './options.js';
import type { Decision } from './limiter/types.js';

/** The quota a limited route draws on, as named in draft-8 `RateLimit-Policy`. */
export interface Policy {
  /** "public" (per client IP) or "user" (per user id). */
  name: string;
  windowMs: number;
}

/** Window length for the `w=` parameter: whole seconds, rounded up (it must be an integer). */
export function windowSeconds(windowMs: number): number {
  return Math.max(1, Math.ceil(windowMs / 1000));
}

/** Delta seconds until reset, rounded up so a client never retries too early. */
export function resetSeconds(resetMs: number): number {
  return Math.max(0, Math.ceil(resetMs / 1000));
}

/** Seconds for `Retry-After`: until a slot frees, rounded up, at least 1 (RFC 9110 §10.2.3). */
export function retryAfterSeconds(resetMs: number): number {
  return Math.max(1, Math.ceil(resetMs / 1000));
}

function legacy(d: Decision, nowMs: number): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(d.limit),
    'X-RateLimit-Remaining': String(d.remaining),
    // Epoch seconds, GitHub style.
    'X-RateLimit-Reset': String(Math.ceil((nowMs + d.resetMs) / 1000)),
  };
}

/** The rate-limit headers of one dialect for one decision (allowed or limited). */
export function rateLimitHeaders(dialect: HeaderDialect, d: Decision, policy: Policy, nowMs: number): Record<string, string> {
  const w = windowSeconds(policy.windowMs);
  const reset = resetSeconds(d.resetMs);
  switch (dialect) {
    case 'none':
      return {};
    case 'legacy':
      return legacy(d, nowMs);
    case 'draft6':
      return {
        'RateLimit-Limit': String(d.limit),
        'RateLimit-Remaining': String(d.remaining),
        'RateLimit-Reset': String(reset),
        'RateLimit-Policy': `${d.limit};w=${w}`,
        ...legacy(d, nowMs),
      };
    case 'draft7':
      return {
        RateLimit: `limit=${d.limit}, remaining=${d.remaining}, reset=${reset}`,
        'RateLimit-Policy': `${d.limit};w=${w}`,
      };
    case 'draft8':
      return {
        'RateLimit-Policy': `"${policy.name}";q=${d.limit};w=${w}`,
        RateLimit: `"${policy.name}";r=${d.remaining};t=${reset}`,
      };
  }
}

/** Header names a browser must be allowed to read (Access-Control-Expose-Headers). */
export function exposedHeaderNames(dialect: HeaderDialect): string[] {
  const names: Record<HeaderDialect, string[]> = {
    none: [],
    legacy: ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
    draft6: ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy',
      'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
    draft7: ['RateLimit', 'RateLimit-Policy'],
    draft8: ['RateLimit', 'RateLimit-Policy'],
  };
  return [...names[dialect], 'Retry-After'];
}
