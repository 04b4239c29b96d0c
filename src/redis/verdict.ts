import type { Finding, Verdict } from '../model/result.js';

export interface InspectVerdict {
  verdict: Verdict;
  /** One line: why the verdict is what it is. */
  reason: string;
}

/**
 * fail: a fail-grade finding (lost TTL where the library always sets one, over-admission, a
 * check-then-act race). inconclusive: nothing to judge (no key matched and MONITOR, if asked, saw no
 * limiter traffic): an empty scan is no evidence that the limiter is healthy. pass otherwise.
 */
export function inspectVerdict(findings: Finding[], keyCount: number, watchedRequests?: number): InspectVerdict {
  const fails = findings.filter((f) => f.severity === 'fail');
  if (fails.length > 0) {
    const codes = [...new Set(fails.map((f) => f.code))];
    return { verdict: 'fail', reason: `${fails.length} fail-grade finding${fails.length > 1 ? 's' : ''}: ${codes.join(', ')}` };
  }
  if (keyCount === 0 && !(watchedRequests && watchedRequests > 0)) {
    return { verdict: 'inconclusive', reason: 'no limiter keys found, so there was nothing to check (see REDIS_NO_LIMITER_KEYS)' };
  }
  const warns = findings.filter((f) => f.severity === 'warn').length;
  return { verdict: 'pass', reason: `${keyCount} key${keyCount === 1 ? '' : 's'} checked, no fail-grade finding${warns > 0 ? ` (${warns} warning${warns > 1 ? 's' : ''})` : ''}` };
}
