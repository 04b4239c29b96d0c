import type { Exchange } from '../http/send.js';
import type { HeaderExpectation } from '../model/scenario.js';
import { UserError } from '../errors.js';
import { SENSITIVE_HEADERS } from '../scenario/secret-paths.js';
import { outcome, type Outcome } from './result.js';
import { show } from './show.js';

const REDACTED = '[redacted]';

/** Compiles a `matches` pattern; a bad one is a scenario error naming the request and header. */
export function compilePattern(pattern: string, where: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UserError(`${where}: invalid regular expression ${JSON.stringify(pattern)} (${why}); use a JavaScript regular expression`);
  }
}

/**
 * Present / absent / equals / matches. No field but the name means "must be present". Values of
 * credential headers (Set-Cookie, Authorization...) are judged but never shown.
 */
export function checkHeader(ex: Exchange, h: HeaderExpectation, requestName: string): Outcome[] {
  const seen = ex.headers[h.name.toLowerCase()];
  const secret = SENSITIVE_HEADERS.has(h.name.toLowerCase());
  const shown = (v: string) => (secret ? REDACTED : show(v));
  const kept = (v: string) => (secret ? REDACTED : v);
  const name = `header ${h.name}`;
  const needsValue = h.equals !== undefined || h.matches !== undefined;
  if (h.present === false) {
    return [seen === undefined
      ? outcome(name, true, `${h.name} absent, as expected`, 'absent', 'absent')
      : outcome(name, false, `expected ${h.name} absent, got ${shown(seen)}`, 'absent', kept(seen))];
  }
  if (seen === undefined) {
    const want = h.equals !== undefined ? shown(h.equals) : h.matches !== undefined ? `matching /${h.matches}/` : 'present';
    return [outcome(name, false, `expected ${h.name} ${want}, got no such header`, needsValue ? kept(h.equals ?? h.matches ?? '') : 'present', null)];
  }
  if (!needsValue) return [outcome(name, true, `${h.name} present: ${shown(seen)}`, 'present', kept(seen))];
  const out: Outcome[] = [];
  if (h.equals !== undefined) {
    out.push(seen === h.equals
      ? outcome(name, true, `${h.name} is ${shown(seen)}, as expected`, kept(h.equals), kept(seen))
      : outcome(name, false, `expected ${h.name} ${shown(h.equals)}, got ${shown(seen)}`, kept(h.equals), kept(seen)));
  }
  if (h.matches !== undefined) {
    const re = compilePattern(h.matches, `request "${requestName}" header ${h.name} matches`);
    out.push(re.test(seen)
      ? outcome(`${name} matches`, true, `${h.name} ${shown(seen)} matches /${h.matches}/`, h.matches, kept(seen))
      : outcome(`${name} matches`, false, `expected ${h.name} to match /${h.matches}/, got ${shown(seen)}`, h.matches, kept(seen)));
  }
  return out;
}
