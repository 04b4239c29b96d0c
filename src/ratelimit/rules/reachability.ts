import type { Finding } from '../../model/result.js';
import { CODES, finding } from '../codes.js';
import type { TimelineEntry } from '../types.js';

/**
 * Did the probe reach a limited route at all? 404/405, 401 or a first-request 403, redirects and
 * network errors mean it did not: the verdict must be INCONCLUSIVE, never a PASS or a FAIL
 * (a 404 is not an auth failure and an unreachable host is not a working limiter).
 */
export function judgeReachability(entries: readonly TimelineEntry[]): Finding[] {
  const answered = entries.filter((e) => e.status !== null);
  if (entries.length > 0 && answered.length === 0) {
    const kinds = countBy(entries.map((e) => e.errorKind ?? 'error'));
    return [finding(CODES.TARGET_UNREACHABLE, `target unreachable: every request failed without an HTTP answer (${fmtCounts(kinds)})`, { errors: kinds })];
  }
  const out: Finding[] = [];
  const unreached = entries.filter((e) => e.outcome === 'unreached');
  if (unreached.length > 0) {
    const statuses = countBy(unreached.map((e) => String(e.status)));
    const first = unreached[0];
    const s = first.status ?? 0;
    const where = `request ${first.index} answered ${s}`;
    if (s === 404 || s === 405 || s === 410) {
      out.push(finding(CODES.ROUTE_NOT_FOUND, `the probe did not reach a limited route: ${where} (${s === 405 ? 'method not allowed' : 'route not found'}); check the path and --method`, { statuses }));
    } else if (s === 401 || s === 403) {
      out.push(finding(CODES.ROUTE_NEEDS_CREDENTIALS, `the probe did not reach a limited route: ${where} before any request was admitted (missing or insufficient credentials); check --auth-bearer / --header`, { statuses }));
    } else if (s >= 300 && s < 400) {
      out.push(finding(CODES.ROUTE_REDIRECTS, `the probe did not reach a limited route: ${where} (a redirect); probe the final URL`, { statuses }));
    } else if (s >= 200 && s < 300) {
      out.push(finding(CODES.ROUTE_ERROR_BODY, `the probe did not reach a working route: ${where} with an error body (${first.errorBody}) from the first request; check the request`, { statuses }));
    } else {
      out.push(finding(CODES.ROUTE_NOT_FOUND, `the probe did not reach a limited route: ${where}; check the path, method, body and credentials`, { statuses }));
    }
  }
  const errors = entries.filter((e) => e.status === null);
  if (errors.length > 0) {
    const kinds = countBy(errors.map((e) => e.errorKind ?? 'error'));
    out.push(finding(CODES.PARTIAL_NETWORK_ERRORS, `${errors.length} of ${entries.length} requests got no HTTP answer (${fmtCounts(kinds)})`, { errors: kinds }));
  }
  return out;
}

export function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

export function fmtCounts(c: Record<string, number>): string {
  return Object.entries(c).map(([k, n]) => `${k}×${n}`).join(', ');
}
