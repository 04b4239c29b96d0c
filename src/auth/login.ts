import { NetworkError, send, type Exchange } from '../http/send.js';
import type { LoginAuth } from '../model/scenario.js';
import { UserError } from '../errors.js';
import { hasHeader, joinUrl } from '../runner/request-template.js';
import { lookup, parseDotPath } from '../checks/dot-path.js';
import { safeUrl } from '../checks/safe-url.js';
import type { AuthContext } from './context.js';

function requestOf(login: LoginAuth, ctx: AuthContext): { url: string; method: string; headers: Record<string, string>; body?: string } {
  const headers: Record<string, string> = { ...ctx.defaultHeaders, ...(login.headers ?? {}) };
  let body: string | undefined;
  if (login.body !== undefined && login.body !== null) {
    body = typeof login.body === 'string' ? login.body : JSON.stringify(login.body);
    if (typeof login.body !== 'string' && !hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
  }
  return { url: joinUrl(ctx.baseUrl, login.path), method: (login.method ?? 'POST').toUpperCase(), headers, body };
}

function contentType(ex: Exchange): string {
  return ex.headers['content-type'] ?? 'no content type';
}

/**
 * Sends the login request and returns the token found at `login.token` in the JSON answer. Every
 * failure names the profile, the request and what was expected; never the body sent (it holds the
 * password) nor what came back (it may hold a token).
 */
export async function loginToken(login: LoginAuth, ctx: AuthContext, label: string): Promise<string> {
  const req = requestOf(login, ctx);
  const what = `login ${req.method} ${login.path}`;
  const want = `expected a 2xx JSON answer with the token at "${login.token}"`;
  const steps = parseDotPath(login.token);
  if (typeof steps === 'string') throw new UserError(`${label}: login.token ${JSON.stringify(login.token)}: ${steps}`);
  let ex: Exchange;
  try {
    ex = await send(req.url, { method: req.method, headers: req.headers, body: req.body, timeoutMs: ctx.timeoutMs });
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e;
    throw new UserError(`${label}: ${what} to ${safeUrl(ctx.baseUrl)} got no answer (${e.kind}); ${want}`);
  }
  if (ex.status < 200 || ex.status > 299) {
    const hint = ex.status === 429 ? ' (rate limited: the login route refused more logins; a pool can use jwt instead)' : '';
    throw new UserError(`${label}: ${what} answered ${ex.status}${hint}; ${want}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(ex.body);
  } catch {
    throw new UserError(`${label}: ${what} answered ${ex.status} with a body that is not JSON (${contentType(ex)}); ${want}`);
  }
  const found = lookup(json, steps);
  if (!found.found) throw new UserError(`${label}: ${what} answered ${ex.status} without "${login.token}" in the JSON (nothing at ${found.missing}); ${want}`);
  if (typeof found.value !== 'string' || found.value.trim() === '') {
    const seen = found.value === null ? 'null' : typeof found.value === 'string' ? 'an empty string' : `a ${Array.isArray(found.value) ? 'list' : typeof found.value}`;
    throw new UserError(`${label}: ${what} answered ${ex.status} with ${seen} at "${login.token}"; ${want} as a non-empty string`);
  }
  return found.value;
}
