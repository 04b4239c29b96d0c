import type { CheckResult, RequestStats } from '../model/result.js';
import type { LoadExpectations } from '../model/scenario.js';

/** Which statuses count as a success in a load phase: the declared ones, or any 2xx/3xx (as k6's default). */
export function successStatuses(expect: LoadExpectations | undefined): (status: number) => boolean {
  const listed = expect?.status === undefined ? null : new Set(Array.isArray(expect.status) ? expect.status : [expect.status]);
  return listed ? (s) => listed.has(s) : (s) => s >= 200 && s < 400;
}

/**
 * The phase-wide success-rate check of `expect:` (one per phase, and one per request name so a
 * failing endpoint is named). 429 and 5xx never count as successes, whatever `status` lists.
 */
export function loadChecks(expect: LoadExpectations | undefined, requests: readonly RequestStats[]): CheckResult[] {
  if (!expect) return [];
  const min = expect.successRate ?? 1;
  const total = requests.reduce((n, r) => n + r.requests, 0);
  const ok = requests.reduce((n, r) => n + r.successes, 0);
  const wanted = expect.status === undefined ? '2xx/3xx' : [expect.status].flat().join('/');
  const pct = (x: number): string => `${(x * 100).toFixed(x === 1 || x === 0 ? 0 : 2)}%`;
  if (total === 0) {
    return [{ name: 'success rate', passed: false, inconclusive: true, message: 'no request was sent, so the success rate cannot be judged', expected: min }];
  }
  const rate = ok / total;
  const out: CheckResult[] = [{
    name: 'success rate',
    passed: rate >= min,
    message: `${ok}/${total} requests answered ${wanted} (${pct(rate)}), expected ≥ ${pct(min)}`,
    expected: min,
    observed: rate,
  }];
  if (requests.length > 1) {
    for (const r of requests) {
      const own = r.requests === 0 ? 1 : r.successes / r.requests;
      if (own < min) out.push({ name: `success rate: ${r.name}`, request: r.name, passed: false, message: `${r.name}: ${r.successes}/${r.requests} answered ${wanted} (${pct(own)}), expected ≥ ${pct(min)}`, expected: min, observed: own });
    }
  }
  return out;
}
