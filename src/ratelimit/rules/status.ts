import type { Finding } from '../../model/result.js';
import { CODES, finding } from '../codes.js';
import type { Policy, TimelineEntry } from '../types.js';
import { countBy, fmtCounts } from './reachability.js';

/**
 * The limit must be enforced with the declared status (429 by default). nginx limit_req answers
 * 503 by default, django-ratelimit 403, some APIs 200 with an error body: clients then retry at
 * once, treat it as an outage, or never notice.
 */
export function judgeLimitedStatus(entries: readonly TimelineEntry[], policy: Policy): Finding[] {
  const out: Finding[] = [];
  const wrong = entries.filter((e) => e.outcome === 'limited-wrong-status');
  if (wrong.length > 0) {
    const labels = wrong.map((e) => (e.status !== null && e.status >= 200 && e.status < 300 ? `${e.status} with error body` : String(e.status)));
    const counts = countBy(labels);
    const first = wrong[0];
    const why = first.errorBody ? ` (${first.errorBody})` : first.limitSignal ? ` (${first.limitSignal})` : '';
    out.push(finding(
      CODES.LIMITED_WRONG_STATUS,
      `limit enforced with the wrong status: ${fmtCounts(counts)} instead of ${policy.limitedStatus}; first at request ${first.index}${why}`,
      { statuses: counts, expected: policy.limitedStatus, firstAt: first.index },
    ));
  }
  if (policy.limitedStatus !== 429) {
    const n = entries.filter((e) => e.status === 429).length;
    if (n > 0) out.push(finding(CODES.LIMITED_STATUS_DIFFERS, `${n} answers were 429 although --limited-status ${policy.limitedStatus} was declared`, { count: n }));
  }
  return out;
}

/**
 * 5xx answers that are not a limiter's wrong-status answers. Mostly 5xx means the route (often
 * its limiter store) is failing closed with errors: a FAIL. A few are reported as a warning, and so
 * are any number `underLoad` (many requests in flight: a server shedding load is not a limiter fault).
 */
export function judgeServerErrors(entries: readonly TimelineEntry[], opts: { underLoad?: boolean } = {}): Finding[] {
  const errors = entries.filter((e) => e.outcome === 'server-error');
  if (errors.length === 0) return [];
  const answered = entries.filter((e) => e.status !== null).length;
  const counts = countBy(errors.map((e) => String(e.status)));
  if (opts.underLoad) {
    return [finding(CODES.SERVER_ERRORS, `${errors.length} of ${answered} answers to simultaneous requests were server errors (${fmtCounts(counts)}): the server sheds load at this concurrency; admission is judged on the other answers`, { statuses: counts })];
  }
  if (errors.length * 2 >= answered) {
    return [finding(CODES.LIMITER_SERVER_ERRORS, `${errors.length} of ${answered} answers were server errors (${fmtCounts(counts)}): the route or its limiter store is failing`, { statuses: counts })];
  }
  return [finding(CODES.SERVER_ERRORS, `${errors.length} of ${answered} answers were server errors (${fmtCounts(counts)})`, { statuses: counts })];
}

/**
 * Error answers that were not taken for the limiter's (see classifyStream): said once, so a reader
 * knows why a 403 or an error body did not count as a limit. 5xx ones are judgeServerErrors' to report.
 */
export function judgeNotLimits(entries: readonly TimelineEntry[]): Finding[] {
  const others = entries.filter((e) => e.notLimit !== undefined && e.status !== null && e.status < 500);
  if (others.length === 0) return [];
  const labels = countBy(others.map((e) => (e.status! < 300 ? `${e.status} with error body` : String(e.status))));
  const first = others[0];
  const passed = others.some((e) => e.outcome === 'admitted') ? '; error bodies count as admitted: they passed the limiter (is the request repeatable?)' : '';
  return [finding(CODES.NOT_A_LIMIT, `${others.length} error answers were not the limiter's (${fmtCounts(labels)}; first at request ${first.index}${first.errorBody ? `, ${first.errorBody}` : ''}): ${first.notLimit}${passed}`, { statuses: labels, firstAt: first.index })];
}
