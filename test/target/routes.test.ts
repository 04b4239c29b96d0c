import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT, jwtVerify } from 'jose';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { DEMO_USERS, startTarget, type RunningTarget, type TargetOptions } from '../../src/target/index.js';
import { ORIGIN, REDIS_URL, RedisProbe, SECURITY_HEADER_NAMES, call, login, uniquePrefix, type Answer } from './helpers.js';

const SECRET = 'routes-test-secret-0123456789abcdef';
const WITH_ORIGIN = { Origin: ORIGIN };

/** The routes of issue 2 §6 (plus the public catalogue), written out here rather than read from the route table. */
const ROUTES: Array<[string, string]> = [
  ['/health', 'get'],
  ['/docs', 'get'],
  ['/openapi.json', 'get'],
  ['/api/v1/auth/login', 'post'],
  ['/api/v1/services', 'get'],
  ['/api/v1/bookings', 'get'],
  ['/api/v1/analytics/overview', 'get'],
];

function json(a: Answer): any {
  assert.match(a.headers['content-type'] ?? '', /^application\/json/, `not JSON: ${a.headers['content-type']}`);
  return JSON.parse(a.body);
}

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
}

function mint(claims: Record<string, unknown>, exp: number | string = '10m'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime(exp).sign(new TextEncoder().encode(SECRET));
}

const bearer = (token: string) => ({ ...WITH_ORIGIN, Authorization: `Bearer ${token}` });

/** The seven security headers and CORS for the configured origin: on every answer, 429s included. */
function assertHardened(a: Answer, what: string): void {
  for (const name of SECURITY_HEADER_NAMES) assert.ok(a.headers[name], `${what} (${a.status}): no ${name}`);
  assert.equal(a.headers['x-content-type-options'], 'nosniff', what);
  const csp = a.headers['content-security-policy'];
  assert.ok(!/;\s*$/.test(csp) && !/;\s*;/.test(csp), `${what}: CSP with an empty directive: ${csp}`);
  assert.equal(a.headers['access-control-allow-origin'], ORIGIN, `${what} (${a.status}): CORS origin`);
  assert.match(a.headers.vary ?? '', /\bOrigin\b/, `${what}: Vary`);
}

function assertUnauthorized(a: Answer, description: string): void {
  assert.equal(a.status, 401);
  assert.equal(a.headers['www-authenticate'], `Bearer realm="limitprobe", error="invalid_token", error_description="${description}"`);
  assert.equal(json(a).error, 'unauthorized');
  assertHardened(a, `401 ${description}`);
}

/** Every `$ref` in the document points at something in it. */
function unresolvedRefs(doc: unknown): string[] {
  const bad: string[] = [];
  const resolve = (ref: string): unknown => ref.slice(2).split('/').reduce<any>((node, key) => node?.[key], doc);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && (typeof v !== 'string' || !v.startsWith('#/') || resolve(v) === undefined)) bad.push(String(v));
        else walk(v);
      }
    }
  };
  walk(doc);
  return bad;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** The structural rules of OpenAPI 3.x that a client generator relies on. */
function assertOpenApi3(doc: any): void {
  assert.match(doc.openapi, /^3\.\d+\.\d+$/);
  assert.equal(typeof doc.info?.title, 'string');
  assert.equal(typeof doc.info?.version, 'string');
  const ids = new Set<string>();
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    assert.ok(path.startsWith('/'), path);
    for (const [method, op] of Object.entries<any>(item)) {
      assert.ok(HTTP_METHODS.has(method), `${path}: ${method} is not an HTTP method`);
      assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`);
      ids.add(op.operationId);
      const codes = Object.keys(op.responses ?? {});
      assert.ok(codes.length > 0, `${method} ${path}: no responses`);
      for (const code of codes) {
        assert.match(code, /^([1-5]\d\d|[1-5]XX|default)$/, `${method} ${path}: response key ${code}`);
        assert.equal(typeof op.responses[code].description, 'string', `${method} ${path} ${code}: no description`);
      }
      for (const req of op.security ?? []) {
        for (const scheme of Object.keys(req)) assert.ok(doc.components.securitySchemes[scheme], `unknown security scheme ${scheme}`);
      }
    }
  }
  assert.deepEqual(unresolvedRefs(doc), []);
  // OpenAPI 3.1 schemas are JSON Schema 2020-12: each must compile.
  const ajv = new Ajv2020({ strict: false });
  for (const [name, schema] of Object.entries<object>(doc.components?.schemas ?? {})) {
    assert.doesNotThrow(() => ajv.compile(schema), `components.schemas.${name}`);
  }
}

function routeSuite(store: 'memory' | 'redis'): void {
  describe(`target routes (${store} store)`, () => {
    const probe = store === 'redis' ? new RedisProbe() : undefined;
    const prefix = uniquePrefix(`routes-${store}`);
    const running: RunningTarget[] = [];
    let seq = 0;

    /** A fresh target (fresh budgets) on this suite's store; each Redis one gets its own key prefix. */
    async function fresh(opts: TargetOptions = {}): Promise<{ t: RunningTarget; keys: string }> {
      const keys = `${prefix}${seq++}:`;
      const t = await startTarget({
        port: 0, quiet: true, jwtSecret: SECRET, corsOrigin: ORIGIN,
        ...(store === 'redis' ? { redis: REDIS_URL, keyPrefix: keys } : {}),
        ...opts,
      });
      running.push(t);
      return { t, keys };
    }

    let shared: RunningTarget;
    before(async () => {
      shared = (await fresh({ publicLimit: 1000, userLimit: 1000 })).t;
    });
    after(async () => {
      for (const t of running) await t.close();
      if (probe) {
        await probe.cleanup(prefix);
        await probe.close();
      }
    });

    it('GET /health: JSON status and services.database_session, exempt from the limit', async () => {
      const { t } = await fresh({ publicLimit: 2 });
      for (let i = 0; i < 10; i++) {
        const a = await call(t.url, '/health', { headers: WITH_ORIGIN });
        assert.equal(a.status, 200);
        const body = json(a);
        assert.equal(body.status, 'healthy');
        assert.equal(body.services.database_session, 'ok');
        assert.equal(body.services.rate_limiter, store);
        assert.equal(a.headers['ratelimit-remaining'], undefined, 'no rate-limit headers on an exempt route');
        assertHardened(a, '/health');
      }
      const after10 = await call(t.url, '/api/v1/services');
      assert.equal(after10.status, 200);
      assert.equal(after10.headers['ratelimit-remaining'], '1', '/health spent none of the public budget of 2');
    });

    it('GET /docs: an HTML page listing every route', async () => {
      const a = await call(shared.url, '/docs', { headers: WITH_ORIGIN });
      assert.equal(a.status, 200);
      assert.match(a.headers['content-type'], /^text\/html/);
      assert.match(a.body, /^<!DOCTYPE html>/);
      for (const [path] of ROUTES) assert.ok(a.body.includes(path), `/docs does not list ${path}`);
      assertHardened(a, '/docs');
    });

    it('GET /openapi.json: a valid OpenAPI 3 document of the routes, naming this server', async () => {
      const a = await call(shared.url, '/openapi.json', { headers: WITH_ORIGIN });
      assert.equal(a.status, 200);
      const doc = json(a);
      assertOpenApi3(doc);
      for (const [path, method] of ROUTES) assert.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path} missing`);
      assert.equal(doc.servers[0].url, shared.url);
      assert.ok(doc.paths['/api/v1/analytics/overview'].get.responses['403'], 'documents the 403');
      assert.ok(doc.paths['/api/v1/bookings'].get.responses['429'], 'documents the 429');
      assertHardened(a, '/openapi.json');
    });

    it('POST /api/v1/auth/login: each demo role gets an HS256 JWT valid for 30 minutes', async () => {
      for (const user of DEMO_USERS) {
        const a = await call(shared.url, '/api/v1/auth/login', {
          method: 'POST', headers: { ...WITH_ORIGIN, 'content-type': 'application/json' },
          body: JSON.stringify({ email: user.email, password: user.password }),
        });
        assert.equal(a.status, 200, user.role);
        assertHardened(a, 'login');
        const body = json(a);
        assert.equal(body.token_type, 'bearer');
        assert.equal(body.expires_in, 1800);
        assert.equal(headerOf(body.access_token).alg, 'HS256');
        const claims = payloadOf(body.access_token);
        assert.equal((claims.exp as number) - (claims.iat as number), 30 * 60);
        assert.equal(claims.role, user.role);
        assert.equal(claims.sub, user.id);
        const { payload } = await jwtVerify(body.access_token, new TextEncoder().encode(SECRET), { algorithms: ['HS256'] });
        assert.equal(payload.sub, user.id);
      }
    });

    it('login refuses a wrong password (401), a body that is not JSON (400) and GET (405)', async () => {
      const wrong = await login(shared.url, 'admin@example.com', 'nope');
      assert.equal(wrong.status, 401);
      assert.equal(json(wrong).error, 'invalid_credentials');
      const notJson = await call(shared.url, '/api/v1/auth/login', { method: 'POST', headers: WITH_ORIGIN, body: 'email=admin' });
      assert.equal(notJson.status, 400);
      assertHardened(notJson, 'login 400');
      const get = await call(shared.url, '/api/v1/auth/login', { headers: WITH_ORIGIN });
      assert.equal(get.status, 405);
      assert.match(get.headers.allow, /\bPOST\b/);
      assertHardened(get, 'login 405');
    });

    it('GET /api/v1/bookings: the caller\'s bookings for any user, 401 without a token', async () => {
      const customer = json(await login(shared.url, 'customer@example.com', 'customer-pass')).access_token;
      const a = await call(shared.url, '/api/v1/bookings', { headers: bearer(customer) });
      assert.equal(a.status, 200);
      const body = json(a);
      assert.equal(body.user_id, 'usr_customer');
      assert.ok(Array.isArray(body.bookings) && body.bookings.length > 0);
      assertHardened(a, 'bookings');
      assertUnauthorized(await call(shared.url, '/api/v1/bookings', { headers: WITH_ORIGIN }), 'missing bearer token');
    });

    it('GET /api/v1/analytics/overview: 401 missing/invalid/expired, 403 customer, 200 admin/manager/owner', async () => {
      assertUnauthorized(await call(shared.url, '/api/v1/analytics/overview', { headers: WITH_ORIGIN }), 'missing bearer token');
      assertUnauthorized(await call(shared.url, '/api/v1/analytics/overview', { headers: bearer('garbage.token.here') }), 'invalid token');
      const expired = await mint({ sub: 'usr_admin', role: 'admin' }, Math.floor(Date.now() / 1000) - 60);
      assertUnauthorized(await call(shared.url, '/api/v1/analytics/overview', { headers: bearer(expired) }), 'token expired');
      const otherSecret = await new SignJWT({ sub: 'usr_admin', role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode('not-the-secret'));
      assertUnauthorized(await call(shared.url, '/api/v1/analytics/overview', { headers: bearer(otherSecret) }), 'invalid token');
      for (const user of DEMO_USERS) {
        const token = json(await login(shared.url, user.email, user.password)).access_token;
        const a = await call(shared.url, '/api/v1/analytics/overview', { headers: bearer(token) });
        assertHardened(a, `analytics as ${user.role}`);
        if (user.role === 'customer') {
          assert.equal(a.status, 403);
          assert.equal(json(a).error, 'forbidden');
        } else {
          assert.equal(a.status, 200, user.role);
          assert.equal(typeof json(a).bookings, 'number');
        }
      }
    });

    it('public API routes: 20 per minute per client IP, then 429 with JSON, Retry-After and rate-limit headers', async () => {
      const { t, keys } = await fresh();
      const before = Math.floor(Date.now() / 1000);
      for (let i = 1; i <= 20; i++) {
        const a = await call(t.url, '/api/v1/services', { headers: WITH_ORIGIN });
        assert.equal(a.status, 200, `request ${i}`);
        assert.equal(a.headers['ratelimit-limit'], '20');
        assert.equal(a.headers['ratelimit-remaining'], String(20 - i));
      }
      const limited = await call(t.url, '/api/v1/services', { headers: WITH_ORIGIN });
      assert.equal(limited.status, 429);
      assertHardened(limited, '429 public');
      const body = json(limited);
      assert.equal(body.error, 'rate_limited');
      const retry = Number(limited.headers['retry-after']);
      assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${limited.headers['retry-after']}`);
      assert.equal(body.retry_after, retry);
      assert.equal(limited.headers['ratelimit-remaining'], '0');
      assert.equal(limited.headers['ratelimit-policy'], '20;w=60');
      assert.equal(limited.headers['x-ratelimit-limit'], '20');
      const reset = Number(limited.headers['x-ratelimit-reset']);
      assert.ok(reset > before && reset <= Math.ceil(Date.now() / 1000) + 60, `X-RateLimit-Reset ${reset}`);
      // The login route shares the IP budget: it is limited too.
      assert.equal((await login(t.url, 'admin@example.com', 'admin-pass')).status, 429);
      if (probe) {
        const [key] = await probe.keys(keys);
        assert.equal(key, `${keys}ip:127.0.0.1`);
        assert.equal(await probe.redis.zcard(key), 20, 'the sliding log holds the 20 admitted requests');
        const ttl = await probe.redis.pttl(key);
        assert.ok(ttl > 0 && ttl <= 60_000, `PTTL ${ttl}`);
      }
    });

    it('the public limit is per client IP (X-Forwarded-For trusted behind a proxy)', async () => {
      const { t } = await fresh({ publicLimit: 2, trustProxy: true });
      const from = (ip: string) => call(t.url, '/api/v1/services', { headers: { 'X-Forwarded-For': ip } });
      assert.deepEqual([(await from('10.0.0.1')).status, (await from('10.0.0.1')).status, (await from('10.0.0.1')).status], [200, 200, 429]);
      assert.equal((await from('10.0.0.2')).status, 200, 'another client IP has its own budget');
    });

    it('authenticated routes: 100 per minute per user, then 429; other users and the IP budget unaffected', async () => {
      const { t } = await fresh();
      const customer = await mint({ sub: 'usr_customer', role: 'customer' });
      for (let i = 1; i <= 100; i++) {
        const a = await call(t.url, '/api/v1/bookings', { headers: bearer(customer) });
        assert.equal(a.status, 200, `request ${i}`);
        assert.equal(a.headers['ratelimit-remaining'], String(100 - i));
      }
      const limited = await call(t.url, '/api/v1/bookings', { headers: bearer(customer) });
      assert.equal(limited.status, 429);
      assertHardened(limited, '429 user');
      assert.equal(json(limited).error, 'rate_limited');
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      assert.equal(limited.headers['ratelimit-limit'], '100');
      assert.equal(limited.headers['ratelimit-policy'], '100;w=60');
      const admin = await mint({ sub: 'usr_admin', role: 'admin' });
      assert.equal((await call(t.url, '/api/v1/analytics/overview', { headers: bearer(admin) })).status, 200, 'another user has its own budget');
      const pub = await call(t.url, '/api/v1/services');
      assert.equal(pub.status, 200);
      assert.equal(pub.headers['ratelimit-remaining'], '19', 'authenticated requests did not spend the IP budget');
    });

    it('a small window recovers once it has passed', async () => {
      const { t } = await fresh({ publicLimit: 2, windowMs: 300 });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(t.url, '/api/v1/services')).status);
      assert.deepEqual(statuses, [200, 200, 429]);
      await sleep(600);
      assert.equal((await call(t.url, '/api/v1/services')).status, 200);
    });

    it('404, 405 and CORS preflights carry the security headers and CORS too', async () => {
      const missing = await call(shared.url, '/api/v1/nope', { headers: WITH_ORIGIN });
      assert.equal(missing.status, 404);
      assertHardened(missing, '404');
      const pre = await call(shared.url, '/api/v1/bookings', {
        method: 'OPTIONS', headers: { ...WITH_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
      });
      assert.equal(pre.status, 204);
      assertHardened(pre, 'preflight');
      assert.match(pre.headers['access-control-allow-methods'], /\bGET\b/);
      assert.match(pre.headers['access-control-allow-headers'], /\bAuthorization\b/i);
      const foreign = await call(shared.url, '/health', { headers: { Origin: 'http://evil.example' } });
      assert.equal(foreign.headers['access-control-allow-origin'], undefined, 'another origin is not allowed');
    });
  });
}

routeSuite('memory');
routeSuite('redis');
