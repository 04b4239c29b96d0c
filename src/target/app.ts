import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultName } from './faults.js';
import type { ResolvedTargetOptions } from './options.js';
import type { LimiterStore, LimitRequest } from './limiter/types.js';
import { allowedMethods, findRoute, type RouteInfo } from './route-table.js';
import { corsHeaders, preflightHeaders } from './security-headers.js';
import { exposedHeaderNames, rateLimitHeaders } from './rate-headers.js';
import { limitedAnswer } from './limited-answer.js';
import { clientIp } from './client-ip.js';
import { guard } from './guard.js';
import { TokenService, type TokenCheck } from './tokens.js';
import { HTML_TYPE, jsonBody, reply } from './reply.js';
import { BodyTooLarge, readBody } from './request-body.js';
import { ANALYTICS_BODY, SERVICES_BODY, bookingsOf, healthBodyFor } from './demo-data.js';
import { renderDocsPage } from './docs-page.js';
import { buildOpenApi } from './openapi.js';
import { ANALYTICS_ROLES, authenticate } from './users.js';

const NOT_FOUND = jsonBody({ error: 'not_found', detail: 'No such route; see /docs' });
const UNAVAILABLE = jsonBody({ error: 'rate_limiter_unavailable', detail: 'The rate limiter store cannot be reached' });

/** Per-request state the route answers need: headers accumulated so far and who is calling. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  route: RouteInfo;
  /** CORS plus rate-limit headers, added to every answer of this request. */
  headers: Record<string, string>;
  token?: TokenCheck;
}

/** The demo API: routing, auth, rate limiting and fault behaviour on plain node:http. */
export class TargetApp {
  private readonly faults: ReadonlySet<FaultName>;
  private readonly tokens: TokenService;
  private readonly exposed: string[];
  private readonly docsHtml: Buffer;
  private openapiJson: Buffer = Buffer.from('{}');

  constructor(readonly options: ResolvedTargetOptions, private readonly store: LimiterStore, private readonly log: (line: string) => void) {
    this.faults = new Set(options.faults);
    this.tokens = new TokenService(options.jwtSecret);
    this.exposed = exposedHeaderNames(this.faults.has('no-rate-headers') ? 'none' : options.headers);
    this.docsHtml = Buffer.from(renderDocsPage(options.publicLimit, options.userLimit, options.windowMs));
  }

  /** Called once the port is known, so the document names the real server URL. */
  setServerUrl(url: string): void {
    this.openapiJson = jsonBody(buildOpenApi(url));
  }

  /** The request listener; never throws (a bug becomes a 500 and a log line). */
  handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.dispatch(req, res).catch((e: unknown) => {
      this.log(`internal error on ${req.method} ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) reply(res, 500, {}, jsonBody({ error: 'internal_error' }));
      else res.destroy();
    });
  };

  private cors(req: IncomingMessage): Record<string, string> {
    return corsHeaders(req.headers.origin, this.options.corsOrigin, this.exposed);
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const route = findRoute(path);
    if (!route) return reply(res, 404, this.cors(req), NOT_FOUND);
    const method = req.method ?? 'GET';
    const allow = allowedMethods(route);
    if (method === 'OPTIONS') return this.preflight({ req, res, route, headers: this.cors(req) }, allow);
    if (!allow.includes(method)) {
      return reply(res, 405, { ...this.cors(req), Allow: allow.join(', ') },
        jsonBody({ error: 'method_not_allowed', detail: `${method} is not allowed on ${route.path}; allowed: ${allow.join(', ')}` }));
    }
    const ex: Exchange = { req, res, route, headers: this.cors(req) };
    if (route.limit === 'none') return this.serveUnlimited(ex);
    if (this.options.latencyMs > 0) await sleep(this.options.latencyMs);
    if (!(await this.admit(ex, await this.limitRequest(ex)))) return;
    return this.serveLimited(ex);
  }

  private async preflight(ex: Exchange, allow: string[]): Promise<void> {
    if (this.faults.has('preflight-consumes') && ex.route.limit !== 'none') {
      if (!(await this.admit(ex, this.ipLimit(ex.req)))) return;
    }
    reply(ex.res, 204, { ...ex.headers, ...preflightHeaders(allow), Allow: allow.join(', ') });
  }

  private ipLimit(req: IncomingMessage): LimitRequest {
    const useForwarded = this.options.trustProxy || this.faults.has('spoofable-ip');
    const identity = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], useForwarded);
    return { scope: 'ip', identity, limit: this.options.publicLimit };
  }

  /**
   * Authenticated routes draw on the user's budget only with a valid token; a missing or bad token
   * draws on the client IP's public budget first, so token spraying is limited too.
   */
  private async limitRequest(ex: Exchange): Promise<LimitRequest> {
    if (ex.route.limit === 'user') {
      ex.token = await this.tokens.check(ex.req.headers.authorization);
      if (ex.token.ok) return { scope: 'user', identity: ex.token.subject.userId, limit: this.options.userLimit };
    }
    return this.ipLimit(ex.req);
  }

  /** Consumes quota; answers (429/503/...) and returns false when the request may not proceed. */
  private async admit(ex: Exchange, lr: LimitRequest): Promise<boolean> {
    const result = await guard(this.store, lr, this.faults.has('fail-open'));
    if (result.kind === 'failed-open') return true;
    if (result.kind === 'unavailable') {
      reply(ex.res, 503, ex.headers, UNAVAILABLE);
      return false;
    }
    const d = result.decision;
    if (!this.faults.has('no-rate-headers')) {
      const policy = { name: lr.scope === 'ip' ? 'public' : 'user', windowMs: this.options.windowMs };
      Object.assign(ex.headers, rateLimitHeaders(this.options.headers, d, policy, Date.now()));
    }
    if (d.allowed) return true;
    const answer = limitedAnswer(d, lr.scope, this.options.windowMs, this.faults);
    const headers = answer.cors ? { ...ex.headers } : withoutCors(ex.headers);
    if (answer.retryAfter !== undefined) headers['Retry-After'] = answer.retryAfter;
    reply(ex.res, answer.status, headers, jsonBody(answer.body));
    return false;
  }

  private serveUnlimited(ex: Exchange): void {
    switch (ex.route.id) {
      case 'health': {
        const limiter = this.store.available() ? this.store.kind : 'unavailable';
        return reply(ex.res, 200, { ...ex.headers, 'Cache-Control': 'no-store' }, healthBodyFor(limiter));
      }
      case 'docs':
        return reply(ex.res, 200, ex.headers, this.docsHtml, HTML_TYPE);
      default:
        return reply(ex.res, 200, ex.headers, this.openapiJson);
    }
  }

  private async serveLimited(ex: Exchange): Promise<void> {
    switch (ex.route.id) {
      case 'login':
        return this.login(ex);
      case 'services':
        return reply(ex.res, 200, ex.headers, SERVICES_BODY);
      default:
        return this.serveAuthenticated(ex);
    }
  }

  private serveAuthenticated(ex: Exchange): void {
    const token = ex.token;
    if (!token || !token.ok) {
      const problem = token && !token.ok ? token.problem : 'missing';
      const description = { missing: 'missing bearer token', expired: 'token expired', invalid: 'invalid token' }[problem];
      return reply(ex.res, 401, {
        ...ex.headers,
        'WWW-Authenticate': `Bearer realm="limitprobe", error="invalid_token", error_description="${description}"`,
      }, jsonBody({ error: 'unauthorized', detail: description }));
    }
    if (ex.route.id === 'bookings') return reply(ex.res, 200, ex.headers, jsonBody(bookingsOf(token.subject.userId)));
    if (!ANALYTICS_ROLES.has(token.subject.role)) {
      return reply(ex.res, 403, ex.headers, jsonBody({
        error: 'forbidden', detail: `role ${token.subject.role} may not read analytics; needs ${[...ANALYTICS_ROLES].join(', ')}`,
      }));
    }
    return reply(ex.res, 200, ex.headers, ANALYTICS_BODY);
  }

  private async login(ex: Exchange): Promise<void> {
    let text: string;
    try {
      text = await readBody(ex.req);
    } catch (e) {
      if (e instanceof BodyTooLarge) return reply(ex.res, 413, { ...ex.headers, Connection: 'close' }, jsonBody({ error: 'payload_too_large', detail: e.message }));
      throw e;
    }
    const creds = parseCredentials(text);
    if (typeof creds === 'string') return reply(ex.res, 400, ex.headers, jsonBody({ error: 'bad_request', detail: creds }));
    const user = authenticate(creds.email, creds.password);
    if (!user) return reply(ex.res, 401, ex.headers, jsonBody({ error: 'invalid_credentials', detail: 'wrong email or password' }));
    const token = await this.tokens.mint(user);
    reply(ex.res, 200, { ...ex.headers, 'Cache-Control': 'no-store' }, jsonBody({ access_token: token, token_type: 'bearer', expires_in: 1800 }));
  }
}

/** `{email, password}` from a login body, or the reason it is unusable. */
export function parseCredentials(text: string): { email: string; password: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'body is not valid JSON; send {"email": "...", "password": "..."}';
  }
  if (typeof value !== 'object' || value === null) return 'body must be a JSON object {"email", "password"}';
  const { email, password } = value as Record<string, unknown>;
  if (typeof email !== 'string' || typeof password !== 'string') return 'email and password must both be strings';
  return { email, password };
}

function withoutCors(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (k !== 'Vary' && !k.startsWith('Access-Control-')) out[k] = v;
  }
  return out;
}
