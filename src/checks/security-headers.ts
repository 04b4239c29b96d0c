import type { Exchange } from '../http/send.js';
import { cspProblem } from './csp.js';
import { outcome, type Outcome } from './result.js';
import { show } from './show.js';

/** Six months: the HSTS max-age below which Mozilla Observatory calls a site unprotected. */
export const HSTS_MIN_MAX_AGE_S = 15_768_000;

const WEAK_REFERRER = new Set(['unsafe-url', 'no-referrer-when-downgrade']);
const REFERRER_TOKENS = new Set([
  'no-referrer', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin', 'same-origin',
  'strict-origin', 'strict-origin-when-cross-origin', 'unsafe-url',
]);

/** One header of the preset: what a hardened API sends, and why a value falls short. */
interface HeaderRule {
  header: string;
  want: string;
  /** undefined = acceptable; otherwise why not. */
  problem(value: string): string | undefined;
}

function hsts(value: string): string | undefined {
  const m = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(value);
  if (!m) return 'no max-age directive';
  const age = Number(m[1]);
  return age >= HSTS_MIN_MAX_AGE_S ? undefined : `max-age ${age} is below ${HSTS_MIN_MAX_AGE_S} (six months)`;
}

function referrer(value: string): string | undefined {
  // Several comma-separated values: browsers use the last one they understand.
  const tokens = value.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  const known = tokens.filter((t) => REFERRER_TOKENS.has(t));
  if (known.length === 0) return 'no valid policy token';
  const used = known[known.length - 1];
  return WEAK_REFERRER.has(used) ? `${used} leaks the full URL to other origins` : undefined;
}

function permissions(value: string): string | undefined {
  const items = value.split(',').map((t) => t.trim());
  if (items.every((t) => t === '')) return 'the policy is empty';
  const bad = items.find((t) => !/^[a-z0-9-]+=(\*|\([^()]*\)|self|"[^"]*")$/i.test(t));
  return bad === undefined ? undefined : `${show(bad)} is not feature=(allowlist)`;
}

export const SECURITY_RULES: readonly HeaderRule[] = [
  { header: 'Strict-Transport-Security', want: `max-age ≥ ${HSTS_MIN_MAX_AGE_S}`, problem: hsts },
  {
    header: 'X-Content-Type-Options', want: 'nosniff',
    problem: (v) => (v.trim().toLowerCase() === 'nosniff' ? undefined : 'only "nosniff" is defined'),
  },
  {
    header: 'X-Frame-Options', want: 'DENY or SAMEORIGIN',
    problem: (v) => (['deny', 'sameorigin'].includes(v.trim().toLowerCase()) ? undefined : 'browsers honour only DENY and SAMEORIGIN'),
  },
  {
    // OWASP: "0" (the auditor itself caused leaks); "1; mode=block" is the older hardened value.
    header: 'X-XSS-Protection', want: '0 or 1; mode=block',
    problem: (v) => (/^\s*(0|1\s*;\s*mode\s*=\s*block)\s*$/i.test(v) ? undefined : 'filtering without mode=block can be abused'),
  },
  { header: 'Content-Security-Policy', want: 'a policy without empty directives or trailing ";"', problem: cspProblem },
  { header: 'Referrer-Policy', want: 'a policy that does not leak full URLs', problem: referrer },
  { header: 'Permissions-Policy', want: 'feature=(allowlist) entries', problem: permissions },
];

/** The `security-headers` preset: seven results, one per header. */
export function checkSecurityHeaders(ex: Exchange): Outcome[] {
  return SECURITY_RULES.map((rule) => {
    const name = `security-headers ${rule.header}`;
    const value = ex.headers[rule.header.toLowerCase()];
    if (value === undefined) return outcome(name, false, `expected ${rule.header} (${rule.want}), got no such header`, rule.want, null);
    const why = rule.problem(value);
    return why === undefined
      ? outcome(name, true, `${rule.header} ${show(value)}`, rule.want, value)
      : outcome(name, false, `expected ${rule.header} ${rule.want}, got ${show(value)}: ${why}`, rule.want, value);
  });
}
