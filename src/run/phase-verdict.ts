import type { CheckResult, ThresholdResult, Verdict } from '../model/result.js';

/**
 * A phase's verdict from what was judged in it: a failure anywhere fails it; anything that could
 * not be judged makes it inconclusive; otherwise it passed. `base` is a verdict that came with the
 * phase itself (a rate probe's), combined by the same order.
 */
export function combineVerdict(
  checks: readonly CheckResult[],
  thresholds: readonly ThresholdResult[],
  base: { verdict: Verdict; reason: string } = { verdict: 'pass', reason: 'every check and threshold passed' },
): { verdict: Verdict; reason: string } {
  const failedCheck = checks.find((c) => !c.passed && !c.inconclusive);
  const failedThreshold = thresholds.find((t) => !t.passed && !t.inconclusive);
  if (base.verdict === 'fail') return base;
  if (failedCheck) return { verdict: 'fail', reason: failedCheck.message };
  if (failedThreshold) return { verdict: 'fail', reason: failedThreshold.message };
  if (base.verdict === 'inconclusive') return base;
  const unsureCheck = checks.find((c) => c.inconclusive);
  if (unsureCheck) return { verdict: 'inconclusive', reason: unsureCheck.message };
  const unsureThreshold = thresholds.find((t) => t.inconclusive);
  if (unsureThreshold) return { verdict: 'inconclusive', reason: unsureThreshold.message };
  return base;
}

/** The run's verdict: fail over inconclusive over pass. */
export function runVerdict(verdicts: readonly Verdict[], interrupted: boolean): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  // An interrupted run did not do all it was asked to, so it cannot claim a pass.
  if (interrupted || verdicts.includes('inconclusive') || verdicts.length === 0) return 'inconclusive';
  return 'pass';
}
