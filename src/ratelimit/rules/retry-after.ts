import type { Finding } from '../../model/result.js';
import { isLimited } from '../classify.js';
import { judgeRetryAfter } from '../retry-after.js';
import type { Policy, TimelineEntry } from '../types.js';

/**
 * Retry-After on every limited answer (a 200 with an error body is already a FAIL for its status
 * and is not judged here). One finding per problem, with how many answers had it.
 */
export function judgeRetryAfters(entries: readonly TimelineEntry[], policy: Policy): Finding[] {
  const byCode = new Map<string, { f: Finding; n: number }>();
  for (const e of entries) {
    if (!isLimited(e) || e.status === null || (e.status >= 200 && e.status < 300)) continue;
    const f = judgeRetryAfter(e.retryAfter, policy.windowMs, `request ${e.index} (${e.status})`, e.limits?.resetSeconds ?? null);
    if (!f) continue;
    const seen = byCode.get(f.code);
    if (seen) seen.n++;
    else byCode.set(f.code, { f, n: 1 });
  }
  return [...byCode.values()].map(({ f, n }) => ({ ...f, message: n > 1 ? `${f.message} (${n} limited answers)` : f.message, evidence: { ...(f.evidence ?? {}), answers: n } }));
}
