import type { Finding, Verdict } from '../model/result.js';
import { roleOf } from './codes.js';

/**
 * The verdict follows from the findings alone, in this order: the probe did not see the limiter
 * (blocking) → INCONCLUSIVE; anything failed → FAIL; something could not be judged → INCONCLUSIVE;
 * a limited answer was seen where it belongs (evidence) → PASS; otherwise INCONCLUSIVE. A PASS
 * therefore always rests on an observation, never on the absence of a problem.
 */
export function verdictOf(findings: readonly Finding[]): { verdict: Verdict; reason: string } {
  const blocking = findings.find((f) => roleOf(f.code) === 'blocking');
  if (blocking) return { verdict: 'inconclusive', reason: blocking.message };
  const fails = findings.filter((f) => f.severity === 'fail');
  if (fails.length > 0) {
    const more = fails.length > 1 ? ` (and ${fails.length - 1} more failure${fails.length > 2 ? 's' : ''})` : '';
    return { verdict: 'fail', reason: fails[0].message + more };
  }
  const unsure = findings.find((f) => roleOf(f.code) === 'inconclusive');
  if (unsure) return { verdict: 'inconclusive', reason: unsure.message };
  const evidence = findings.find((f) => roleOf(f.code) === 'evidence');
  if (evidence) return { verdict: 'pass', reason: evidence.message };
  return { verdict: 'inconclusive', reason: 'no limited answer was seen, so the limit could not be verified' };
}
