import type { Exchange } from '../http/send.js';
import type { CorsExpectation } from '../model/scenario.js';
import { outcome, type Outcome } from './result.js';
import { show } from './show.js';

/** Fetch standard: these never need to be listed in Access-Control-Allow-Methods. */
const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);
/** Fetch standard: request headers a browser sends without asking (content-type only with simple values). */
const SAFELISTED_HEADERS = new Set(['accept', 'accept-language', 'content-language']);

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
}

function withCredentials(ex: Exchange): boolean {
  return (ex.headers['access-control-allow-credentials'] ?? '').trim().toLowerCase() === 'true';
}

/** Access-Control-Allow-Origin must be the origin itself, or `*` when credentials are not allowed. */
function allowOrigin(ex: Exchange, origin: string, name: string, what: string): Outcome {
  const acao = ex.headers['access-control-allow-origin'];
  if (acao === undefined) {
    return outcome(name, false, `expected Access-Control-Allow-Origin ${show(origin)} on the ${what} (status ${ex.status}), got none`, origin, null);
  }
  if (acao === origin) return outcome(name, true, `${what} allows origin ${show(origin)}`, origin, acao);
  if (acao === '*' && !withCredentials(ex)) return outcome(name, true, `${what} allows any origin ("*")`, origin, acao);
  if (acao === '*') return outcome(name, false, `expected Access-Control-Allow-Origin ${show(origin)} on the ${what}, got "*" with credentials allowed (browsers refuse it)`, origin, acao);
  return outcome(name, false, `expected Access-Control-Allow-Origin ${show(origin)} on the ${what}, got ${show(acao)}`, origin, acao);
}

function allowMethod(pre: Exchange, method: string): Outcome {
  const name = 'cors preflight method';
  const header = pre.headers['access-control-allow-methods'];
  const methods = list(header);
  if (methods.includes(method)) return outcome(name, true, `preflight allows ${method}`, method, header);
  if (methods.includes('*') && !withCredentials(pre)) return outcome(name, true, `preflight allows any method ("*")`, method, header);
  if (SAFELISTED_METHODS.has(method)) return outcome(name, true, `${method} is CORS-safelisted: allowed without being listed`, method, header ?? null);
  return outcome(name, false, `expected the preflight to allow ${method}, got Access-Control-Allow-Methods ${header === undefined ? 'absent' : show(header)}`, method, header ?? null);
}

function allowHeaders(pre: Exchange, wanted: readonly string[]): Outcome {
  const name = 'cors preflight headers';
  const header = pre.headers['access-control-allow-headers'];
  const allowed = list(header).map((h) => h.toLowerCase());
  // `*` covers every header except Authorization, and nothing at all with credentials (Fetch standard).
  const star = allowed.includes('*') && !withCredentials(pre);
  const missing = wanted.filter((h) => {
    const lower = h.toLowerCase();
    if (allowed.includes(lower) || SAFELISTED_HEADERS.has(lower)) return false;
    return !(star && lower !== 'authorization');
  });
  return missing.length === 0
    ? outcome(name, true, `preflight allows request headers ${wanted.join(', ')}`, wanted, header)
    : outcome(name, false, `expected the preflight to allow ${missing.join(', ')}, got Access-Control-Allow-Headers ${header === undefined ? 'absent' : show(header)}`, wanted, header ?? null);
}

/**
 * CORS as a browser would judge it: the preflight (a 2xx with a matching origin, the method and
 * headers allowed) and, when given, the actual answer (which must carry the origin too, or the
 * browser hides it from the page). `actual` must have been requested with the Origin header.
 */
export function checkCors(preflight: Exchange, actual: Exchange | undefined, cors: CorsExpectation, requestMethod: string): Outcome[] {
  const method = (cors.method ?? requestMethod).toUpperCase();
  const out: Outcome[] = [];
  if (preflight.status < 200 || preflight.status > 299) {
    out.push(outcome('cors preflight origin', false, `expected the preflight OPTIONS to answer 2xx allowing ${show(cors.origin)}, got status ${preflight.status}`, '2xx', preflight.status));
  } else {
    out.push(allowOrigin(preflight, cors.origin, 'cors preflight origin', 'preflight'));
    out.push(allowMethod(preflight, method));
    if (cors.headers && cors.headers.length > 0) out.push(allowHeaders(preflight, cors.headers));
  }
  if (actual) out.push(allowOrigin(actual, cors.origin, 'cors response origin', `response`));
  return out;
}
