import type { Finding } from '../model/result.js';

/**
 * Every finding code the probe emits, with the role it plays in the verdict. A code's role never
 * changes, so a user (or a CI grep) can rely on it; docs/probe.md explains each one.
 *  - blocking: the probe did not see the limiter at all; the verdict is INCONCLUSIVE whatever else was seen
 *  - inconclusive: the probe could not judge; INCONCLUSIVE unless something FAILED
 *  - fail / warn / info: as their severity
 *  - evidence: the positive observation a PASS needs (info severity)
 */
export type CodeRole = 'blocking' | 'inconclusive' | 'fail' | 'warn' | 'info' | 'evidence';

const ROLES = {
  TARGET_UNREACHABLE: 'blocking',
  ROUTE_NOT_FOUND: 'blocking',
  ROUTE_NEEDS_CREDENTIALS: 'blocking',
  ROUTE_REDIRECTS: 'blocking',
  ROUTE_ERROR_BODY: 'blocking',
  ROUTE_APPEARS_EXEMPT: 'blocking',
  FAIL_OPEN_ALLOWED: 'blocking',
  COUNT_NOT_ABOVE_LIMIT: 'inconclusive',
  FIRST_REQUEST_LIMITED: 'inconclusive',
  WINDOW_EDGE_AMBIGUOUS: 'inconclusive',
  NO_FRESH_BUDGET: 'inconclusive',
  STRATEGY_NOT_APPLICABLE: 'inconclusive',
  PROBE_TIME_BUDGET: 'inconclusive',
  ADMITTED_OVER_LIMIT: 'fail',
  SLIDING_WINDOW_VIOLATED: 'fail',
  CONCURRENT_OVER_LIMIT: 'fail',
  LIMITED_WRONG_STATUS: 'fail',
  LIMITED_TOO_EARLY: 'fail',
  LIMIT_NOT_ENFORCED: 'fail',
  LIMITER_FAIL_OPEN: 'fail',
  LIMITER_SERVER_ERRORS: 'fail',
  NO_RECOVERY: 'fail',
  UNDER_RATE_LIMITED: 'fail',
  RETRY_AFTER_INVALID: 'fail',
  RETRY_AFTER_NEGATIVE: 'fail',
  RETRY_AFTER_FRACTIONAL: 'fail',
  RETRY_AFTER_MILLISECONDS: 'fail',
  RETRY_AFTER_EPOCH: 'fail',
  RETRY_AFTER_TOO_LONG: 'fail',
  WINDOW_LONGER_THAN_DECLARED: 'fail',
  IDENTITY_NOT_ISOLATED: 'fail',
  BUDGET_RESET_BY_CLIENT_VALUE: 'fail',
  CORS_MISSING_ON_LIMITED: 'fail',
  PREFLIGHT_CONSUMES_QUOTA: 'fail',
  RETRY_AFTER_MISSING: 'warn',
  RETRY_AFTER_TOO_SHORT: 'warn',
  DECLARED_LIMIT_MISMATCH: 'warn',
  REMAINING_NEGATIVE: 'warn',
  REMAINING_ROSE_WITHOUT_RESET: 'warn',
  LIMITED_STATUS_DIFFERS: 'warn',
  SERVER_ERRORS: 'warn',
  NOT_A_LIMIT: 'warn',
  PARTIAL_NETWORK_ERRORS: 'warn',
  RESET_FORMAT: 'info',
  STRATEGY_SKIPPED: 'info',
  NO_LIMIT_HEADERS: 'info',
  BURST_TOLERANCE: 'info',
  PRIOR_CONSUMPTION: 'info',
  WINDOW_EDGE_BURST: 'info',
  EDGE_CONFIRMATION: 'info',
  LIMIT_ENFORCED: 'evidence',
  CONCURRENT_WITHIN_LIMIT: 'evidence',
  RECOVERED: 'evidence',
  UNDER_RATE_ADMITTED: 'evidence',
  IDENTITY_ISOLATED: 'evidence',
  CLIENT_VALUE_IGNORED: 'evidence',
  CORS_ON_LIMITED: 'evidence',
  PREFLIGHT_FREE: 'evidence',
} as const satisfies Record<string, CodeRole>;

export type Code = keyof typeof ROLES;

/** `CODES.X === 'X'`: lets code name codes without typos. */
export const CODES = Object.fromEntries(Object.keys(ROLES).map((k) => [k, k])) as { [K in Code]: K };

export function roleOf(code: string): CodeRole {
  return (ROLES as Record<string, CodeRole>)[code] ?? 'info';
}

export function allCodes(): Code[] {
  return Object.keys(ROLES) as Code[];
}

/** Builds a finding whose severity follows from its code's role. */
export function finding(code: Code, message: string, evidence?: Record<string, unknown>): Finding {
  const role = roleOf(code);
  const severity = role === 'fail' ? 'fail' : role === 'blocking' || role === 'inconclusive' || role === 'warn' ? 'warn' : 'info';
  return evidence ? { code, severity, message, evidence } : { code, severity, message };
}
