import type { Finding } from '../../model/result.js';
import type { Policy, TimelineEntry } from '../types.js';
import { judgeEarlyLimit } from './early-limit.js';
import { judgeEnforced, judgeNotEnforced, type RouteEvidence } from './enforcement.js';
import { judgeHeaders } from './headers.js';
import { judgeReachability } from './reachability.js';
import { judgeRetryAfters } from './retry-after.js';
import { judgeLimitedStatus, judgeNotLimits, judgeServerErrors } from './status.js';
import { judgeWindow } from './window.js';

export type { RouteEvidence } from './enforcement.js';
export { NO_ROUTE_EVIDENCE } from './enforcement.js';

/** Every rule over one identity's stream of answers (send order). Each rule is independent and pure. */
export function judgeStream(entries: readonly TimelineEntry[], policy: Policy, route: RouteEvidence, ordered: boolean, label = 'sequential'): Finding[] {
  return [
    ...judgeReachability(entries),
    ...judgeServerErrors(entries),
    ...judgeLimitedStatus(entries, policy),
    ...judgeNotLimits(entries),
    ...judgeWindow(entries, policy, label),
    ...judgeEarlyLimit(entries, policy),
    ...judgeNotEnforced(entries, policy, route),
    ...judgeRetryAfters(entries, policy),
    ...judgeHeaders(entries, policy, ordered),
    ...judgeEnforced(entries, policy),
  ];
}
