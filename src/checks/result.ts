import type { CheckResult } from '../model/result.js';

/** What every check file returns before the request name is attached. */
export interface Outcome {
  name: string;
  passed: boolean;
  message: string;
  expected?: unknown;
  observed?: unknown;
  inconclusive?: boolean;
}

export function outcome(name: string, passed: boolean, message: string, expected?: unknown, observed?: unknown): Outcome {
  return { name, passed, message, expected, observed };
}

/** Could not be judged: never counted as a pass, never reported as the thing it looked like. */
export function inconclusive(name: string, message: string, expected?: unknown, observed?: unknown): Outcome {
  return { name, passed: false, inconclusive: true, message, expected, observed };
}

export function toCheckResult(o: Outcome, requestName: string): CheckResult {
  const r: CheckResult = { name: o.name, passed: o.passed, message: o.message, request: requestName };
  if (o.expected !== undefined) r.expected = o.expected;
  if (o.observed !== undefined) r.observed = o.observed;
  if (o.inconclusive) r.inconclusive = true;
  return r;
}
