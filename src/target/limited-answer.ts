import type { FaultName } from './faults.js';
import type { Decision, Scope } from './limiter/types.js';
import { retryAfterSeconds, windowSeconds } from './rate-headers.js';

/** How a limited request is answered, after the faults have had their say. */
export interface LimitedAnswer {
  status: number;
  body: Record<string, unknown>;
  /** Absent when no Retry-After is sent (error-body-200 pretends nothing went wrong). */
  retryAfter?: string;
  /** False under no-cors-on-429: the answer carries no CORS headers. */
  cors: boolean;
}

function limitedStatus(faults: ReadonlySet<FaultName>): number {
  if (faults.has('error-body-200')) return 200;
  if (faults.has('status-503')) return 503;
  if (faults.has('status-403')) return 403;
  return 429;
}

function retryAfterValue(resetMs: number, faults: ReadonlySet<FaultName>): number {
  const seconds = retryAfterSeconds(resetMs);
  if (faults.has('retry-after-ms')) return Math.max(1, Math.ceil(resetMs));
  if (faults.has('retry-after-negative')) return -seconds;
  return seconds;
}

/** Pure: the status, body and Retry-After of a limited answer. */
export function limitedAnswer(d: Decision, scope: Scope, windowMs: number, faults: ReadonlySet<FaultName>): LimitedAnswer {
  const cors = !faults.has('no-cors-on-429');
  if (faults.has('error-body-200')) {
    return { status: 200, body: { success: false, error: 'Too many requests' }, cors };
  }
  const retry = retryAfterValue(d.resetMs, faults);
  const who = scope === 'ip' ? 'client IP' : 'user';
  return {
    status: limitedStatus(faults),
    body: {
      error: 'rate_limited',
      detail: `Rate limit of ${d.limit} requests per ${windowSeconds(windowMs)}s exceeded for this ${who}; retry after ${retryAfterSeconds(d.resetMs)}s`,
      retry_after: retry,
    },
    retryAfter: String(retry),
    cors,
  };
}
