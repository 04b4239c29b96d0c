import { NetworkError, send, type Exchange } from '../http/send.js';
import type { CheckResult } from '../model/result.js';
import type { Expectations } from '../model/scenario.js';
import { hasHeader } from '../runner/request-template.js';
import { parseDuration } from '../scenario/duration.js';
import { checkBodyContains } from './body.js';
import { checkCors } from './cors.js';
import { checkHeader, compilePattern } from './headers.js';
import { checkJson, stepsOf } from './json-path.js';
import { checkLatency } from './latency.js';
import { inconclusive, outcome, toCheckResult, type Outcome } from './result.js';
import { safeUrl } from './safe-url.js';
import { checkSecurityHeaders } from './security-headers.js';
import { checkStatus } from './status.js';

export { HSTS_MIN_MAX_AGE_S, SECURITY_RULES } from './security-headers.js';

/** What is known about the CORS preflight: its answer, or why there is none. */
type PreflightSeen = { exchange: Exchange } | { failure: string } | undefined;

function presets(expect: Expectations): string[] {
  if (expect.preset === undefined) return [];
  return Array.isArray(expect.preset) ? expect.preset : [expect.preset];
}

function judge(ex: Exchange, expect: Expectations, requestName: string, method: string, preflight: PreflightSeen): CheckResult[] {
  const out: Outcome[] = [];
  if (expect.status !== undefined) out.push(checkStatus(ex, expect.status));
  if (expect.maxLatency !== undefined) out.push(checkLatency(ex, expect.maxLatency, requestName));
  for (const h of expect.headers ?? []) out.push(...checkHeader(ex, h, requestName));
  if (expect.json && expect.json.length > 0) out.push(...checkJson(ex, expect.json, requestName));
  if (expect.bodyContains !== undefined) out.push(...checkBodyContains(ex, expect.bodyContains));
  for (const p of presets(expect)) if (p === 'security-headers') out.push(...checkSecurityHeaders(ex));
  if (expect.cors) {
    if (preflight === undefined) out.push(inconclusive('cors', 'CORS not judged: no preflight OPTIONS was sent (runChecks sends it)'));
    else if ('failure' in preflight) out.push(outcome('cors preflight origin', false, preflight.failure, expect.cors.origin, null));
    else out.push(...checkCors(preflight.exchange, ex, expect.cors, method));
  }
  return out.map((o) => toCheckResult(o, requestName));
}

/**
 * Judges one response against its expectations (pure). With `expect.cors`, pass the preflight's
 * answer, and `ex` must come from a request sent with the Origin header (as runChecks does); without
 * a preflight, CORS is reported inconclusive rather than guessed.
 */
export function judgeExchange(ex: Exchange, expect: Expectations, requestName: string, preflight?: Exchange, method = 'GET'): CheckResult[] {
  return judge(ex, expect, requestName, method, preflight ? { exchange: preflight } : undefined);
}

function noAnswer(method: string, url: string, e: unknown): string {
  const kind = e instanceof NetworkError ? e.kind : 'error';
  return `${method} ${safeUrl(url)}: no answer (${kind}); expected an HTTP response`;
}

async function sendPreflight(url: string, method: string, expect: Expectations, timeoutMs: number): Promise<PreflightSeen> {
  const cors = expect.cors;
  if (!cors) return undefined;
  const headers: Record<string, string> = { Origin: cors.origin, 'Access-Control-Request-Method': (cors.method ?? method).toUpperCase() };
  if (cors.headers && cors.headers.length > 0) headers['Access-Control-Request-Headers'] = cors.headers.join(', ').toLowerCase();
  try {
    return { exchange: await send(url, { method: 'OPTIONS', headers, timeoutMs }) };
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e;
    return { failure: `CORS preflight ${noAnswer('OPTIONS', url, e)}` };
  }
}

/**
 * Sends the request (after the CORS preflight, as a browser would, when `expect.cors` is set) and
 * judges the answer. No answer at all is one failed result naming the error kind and URL.
 */
export async function runChecks(
  url: string,
  req: { method: string; headers: Record<string, string>; body?: string },
  expect: Expectations,
  requestName: string,
  timeoutMs: number,
  seen?: (answer: { status: number; latencyMs: number } | { errorKind: string }) => void,
): Promise<CheckResult[]> {
  const method = req.method.toUpperCase();
  const preflight = await sendPreflight(url, method, expect, timeoutMs);
  const headers = expect.cors && !hasHeader(req.headers, 'origin') ? { ...req.headers, Origin: expect.cors.origin } : req.headers;
  let ex: Exchange;
  try {
    ex = await send(url, { method, headers, body: req.body, timeoutMs });
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e;
    seen?.({ errorKind: e.kind });
    // Nobody listening says nothing about the route, only that the target is not there: not judged.
    // A server that accepts and then never answers in time has answered, badly: that fails.
    const judge = UNREACHABLE.has(e.kind) ? inconclusive : (n: string, m: string, x?: unknown, o?: unknown) => outcome(n, false, m, x, o);
    return [toCheckResult(judge('request', `${noAnswer(method, url, e)}: is the target up?`, 'an HTTP response', e.kind), requestName)];
  }
  seen?.({ status: ex.status, latencyMs: ex.latencyMs });
  return judge(ex, expect, requestName, method, preflight);
}

/** Network errors that mean no server was reached at all. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * Throws the UserError a bad expectation would cause at judging time (regular expressions, JSON
 * paths, maxLatency), so `validate` can report it before any request is sent.
 */
export function validateExpectations(expect: Expectations, requestName: string): void {
  for (const h of expect.headers ?? []) if (h.matches !== undefined) compilePattern(h.matches, `request "${requestName}" header ${h.name} matches`);
  for (const j of expect.json ?? []) stepsOf(j.path, requestName);
  if (expect.maxLatency !== undefined) parseDuration(expect.maxLatency, `request "${requestName}" maxLatency`);
}
