import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, jwtVerify } from 'jose';
import { DEMO_USERS, startTarget, type RunningTarget } from '../../src/target/index.js';
import { resolveAuth, usedProfiles, type AuthContext } from '../../src/auth/index.js';
import { UserError } from '../../src/errors.js';
import { EXIT } from '../../src/exit-codes.js';
import type { AuthProfile, Scenario } from '../../src/model/scenario.js';
import { REDIS_URL, RedisProbe, call, closedPort, uniquePrefix, type Answer } from '../target/helpers.js';
import { startBareServer, type BareServer } from '../checks/bare-server.js';

const SECRET = 'test-secret-for-auth-profiles-0123456789';
const FILE = 'scenarios/auth-test.yaml';
const ANALYTICS = '/api/v1/analytics/overview';
const LOGIN = '/api/v1/auth/login';

function ctxFor(baseUrl: string, extra: Partial<AuthContext> = {}): AuthContext {
  return { baseUrl, defaultHeaders: { 'User-Agent': 'limitprobe-test' }, timeoutMs: 5000, where: FILE, ...extra };
}

/** The JSON payload of a JWT, decoded by hand (no library), to see what a server would see. */
function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')),
  };
}

function tokenOf(headers: Record<string, string>): string {
  const m = /^Bearer (\S+)$/.exec(headers.Authorization ?? '');
  assert.ok(m, `not a bearer header: ${JSON.stringify(Object.keys(headers))}`);
  return m[1];
}

async function one(profiles: Record<string, AuthProfile>, name: string, base: string): Promise<Record<string, string>> {
  const sets = (await resolveAuth(profiles, ctxFor(base)))(name);
  assert.equal(sets.length, 1);
  return sets[0];
}

function mintByHand(claims: Record<string, unknown>, secret = SECRET): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(secret));
}

function assertUnauthorized(a: Answer, description: string): void {
  assert.equal(a.status, 401);
  assert.match(a.headers['www-authenticate'] ?? '', /^Bearer realm="limitprobe", error="invalid_token"/);
  assert.match(a.headers['www-authenticate'], new RegExp(`error_description="${description}"`));
}

async function rejectsWith(p: Promise<unknown>, check: (message: string) => void): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof UserError, `not a UserError: ${String(e)}`);
    assert.equal(e.exitCode, EXIT.usage);
    assert.ok(!/[\r\n]/.test(e.message), 'message spans lines');
    check(e.message);
    return true;
  });
}

describe('auth profiles against the embedded target (Redis store)', () => {
  let target: RunningTarget;
  const prefix = uniquePrefix('auth');
  const probe = new RedisProbe();

  before(async () => {
    target = await startTarget({ port: 0, quiet: true, redis: REDIS_URL, keyPrefix: prefix, jwtSecret: SECRET, publicLimit: 1000, userLimit: 1000 });
  });
  after(async () => {
    await target.close();
    await probe.cleanup(prefix);
    await probe.close();
  });

  describe('bearer', () => {
    it('sends the static token: 200 for an admin token, and "Bearer x" is not prefixed twice', async () => {
      const token = await mintByHand({ sub: 'usr_admin', role: 'admin' });
      const headers = await one({ admin: { bearer: token } }, 'admin', target.url);
      assert.deepEqual(headers, { Authorization: `Bearer ${token}` });
      assert.equal((await call(target.url, ANALYTICS, { headers })).status, 200);
      assert.deepEqual(await one({ admin: { bearer: `Bearer ${token}` } }, 'admin', target.url), { Authorization: `Bearer ${token}` });
    });

    it('a token that is not a valid JWT gets the 401 with WWW-Authenticate; no token at all too', async () => {
      const headers = await one({ bad: { bearer: 'not-a-jwt' } }, 'bad', target.url);
      assertUnauthorized(await call(target.url, ANALYTICS, { headers }), 'invalid token');
      assertUnauthorized(await call(target.url, ANALYTICS), 'missing bearer token');
    });
  });

  describe('jwt', () => {
    it('mints an HS256 token the target accepts: 200 for admin, 403 for customer', async () => {
      const admin = await one({ a: { jwt: { secret: SECRET, claims: { sub: 'usr_jwt_admin', role: 'admin' } } } }, 'a', target.url);
      assert.equal((await call(target.url, ANALYTICS, { headers: admin })).status, 200);
      const customer = await one({ c: { jwt: { secret: SECRET, claims: { sub: 'usr_jwt_customer', role: 'customer' } } } }, 'c', target.url);
      const refused = await call(target.url, ANALYTICS, { headers: customer });
      assert.equal(refused.status, 403);
      assert.equal(JSON.parse(refused.body).error, 'forbidden');
      const { header, payload } = decode(tokenOf(admin));
      assert.equal(header.alg, 'HS256');
      assert.equal((payload.exp as number) - (payload.iat as number), 3600, 'default lifetime is 1h');
    });

    it('an exp in the claims (and no expiresIn) gives an expired token: 401 "token expired"', async () => {
      const past = Math.floor(Date.now() / 1000) - 120;
      const headers = await one({ old: { jwt: { secret: SECRET, claims: { sub: 'usr_old', role: 'admin', exp: past } } } }, 'old', target.url);
      assert.equal(decode(tokenOf(headers)).payload.exp, past);
      assertUnauthorized(await call(target.url, ANALYTICS, { headers }), 'token expired');
    });

    it('a token signed with another secret is refused: 401 "invalid token"', async () => {
      const headers = await one({ w: { jwt: { secret: 'some-other-secret', claims: { sub: 'usr_w', role: 'admin' } } } }, 'w', target.url);
      assertUnauthorized(await call(target.url, ANALYTICS, { headers }), 'invalid token');
    });

    it('HS384 and HS512 with iss, aud and expiresIn verify with jose', async () => {
      for (const algorithm of ['HS384', 'HS512'] as const) {
        const headers = await one({ x: { jwt: { secret: SECRET, algorithm, claims: { sub: 'svc' }, issuer: 'limitprobe-tests', audience: 'api', expiresIn: '10m' } } }, 'x', target.url);
        const token = tokenOf(headers);
        const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(SECRET), { algorithms: [algorithm], issuer: 'limitprobe-tests', audience: 'api' });
        assert.equal(protectedHeader.alg, algorithm);
        assert.equal(payload.sub, 'svc');
        assert.equal((payload.exp as number) - (payload.iat as number), 600);
      }
    });
  });

  describe('login', () => {
    it('logs in each demo role; the token carries the role: 403 for customer, 200 for the others', async () => {
      for (const user of DEMO_USERS) {
        const headers = await one({ u: { login: { path: LOGIN, body: { email: user.email, password: user.password }, token: 'access_token' } } }, 'u', target.url);
        const { header, payload } = decode(tokenOf(headers));
        assert.equal(header.alg, 'HS256');
        assert.equal(payload.role, user.role);
        assert.equal(payload.sub, user.id);
        const status = (await call(target.url, ANALYTICS, { headers })).status;
        assert.equal(status, user.role === 'customer' ? 403 : 200, user.role);
      }
    });

    it('uses the scheme asked for, and the bare token for scheme ""', async () => {
      const login = { path: LOGIN, body: { email: 'admin@example.com', password: 'admin-pass' }, token: 'access_token' };
      const token = await one({ t: { login: { ...login, scheme: 'Token' } } }, 't', target.url);
      assert.match(token.Authorization, /^Token eyJ/);
      const bare = await one({ t: { login: { ...login, scheme: '' } } }, 't', target.url);
      assert.match(bare.Authorization, /^eyJ[^ ]+$/);
    });

    it('a wrong password: UserError naming file, profile, request, status and what was expected, not the password', async () => {
      const profiles: Record<string, AuthProfile> = { admin: { login: { path: LOGIN, body: { email: 'admin@example.com', password: 'hunter2-wrong' }, token: 'access_token' } } };
      await rejectsWith(resolveAuth(profiles, ctxFor(target.url)), (m) => {
        assert.equal(m, `${FILE}: auth profile "admin": login POST ${LOGIN} answered 401; expected a 2xx JSON answer with the token at "access_token"`);
        assert.doesNotMatch(m, /hunter2/);
      });
    });

    it('a token path that is not in the answer: UserError without the token', async () => {
      const profiles: Record<string, AuthProfile> = { admin: { login: { path: LOGIN, body: { email: 'admin@example.com', password: 'admin-pass' }, token: 'data.token' } } };
      await rejectsWith(resolveAuth(profiles, ctxFor(target.url)), (m) => {
        assert.match(m, /auth profile "admin": login POST \/api\/v1\/auth\/login answered 200 without "data.token" in the JSON \(nothing at data\)/);
        assert.doesNotMatch(m, /eyJ/);
      });
    });

    it('an answer that is not JSON, and no answer at all', async () => {
      const html: Record<string, AuthProfile> = { docs: { login: { method: 'GET', path: '/docs', token: 'access_token' } } };
      await rejectsWith(resolveAuth(html, ctxFor(target.url)), (m) => assert.match(m, /login GET \/docs answered 200 with a body that is not JSON \(text\/html/));
      const port = await closedPort();
      const down: Record<string, AuthProfile> = { admin: { login: { path: LOGIN, body: { email: 'a', password: 'b' }, token: 'access_token' } } };
      await rejectsWith(resolveAuth(down, ctxFor(`http://127.0.0.1:${port}`)), (m) => {
        assert.equal(m, `${FILE}: auth profile "admin": login POST ${LOGIN} to http://127.0.0.1:${port} got no answer (ECONNREFUSED); expected a 2xx JSON answer with the token at "access_token"`);
      });
    });
  });

  describe('pool', () => {
    it('a jwt pool gives N distinct identities, each with its own per-user budget', async () => {
      const limited = await startTarget({ port: 0, quiet: true, redis: REDIS_URL, keyPrefix: `${prefix}pool:`, jwtSecret: SECRET, userLimit: 1, publicLimit: 1000 });
      try {
        const profiles: Record<string, AuthProfile> = { users: { pool: { size: 5, jwt: { secret: SECRET, claims: { sub: 'user-${i}', role: 'customer' } } } } };
        const sets = (await resolveAuth(profiles, ctxFor(limited.url)))('users');
        assert.equal(sets.length, 5);
        const ids: string[] = [];
        for (const headers of sets) {
          const a = await call(limited.url, '/api/v1/bookings', { headers });
          assert.equal(a.status, 200, 'each user has its own budget of 1');
          ids.push(JSON.parse(a.body).user_id);
        }
        assert.deepEqual(ids, ['user-1', 'user-2', 'user-3', 'user-4', 'user-5']);
        assert.equal((await call(limited.url, '/api/v1/bookings', { headers: sets[0] })).status, 429, 'user 1 spent its budget');
      } finally {
        await limited.close();
      }
    });

    it('a pool that cannot differ (no ${i}) is refused before any request', async () => {
      const profiles: Record<string, AuthProfile> = { users: { pool: { size: 3, jwt: { secret: SECRET, claims: { sub: 'same', role: 'customer' } } } } };
      await rejectsWith(resolveAuth(profiles, ctxFor(target.url)), (m) => assert.match(m, /^scenarios\/auth-test.yaml: auth profile "users": a pool of 3 users needs \$\{i\} in jwt.claims/));
    });

    it('a login pool whose users all turn out to be the same account is refused', async () => {
      const profiles: Record<string, AuthProfile> = {
        users: { pool: { size: 4, login: { path: LOGIN, body: { email: 'admin@example.com', password: 'admin-pass', note: 'user ${i}' }, token: 'access_token' } } },
      };
      await rejectsWith(resolveAuth(profiles, ctxFor(target.url)), (m) => assert.match(m, /the pool of 4 users produced only [12] distinct tokens/));
    });

    it('a login pool stopped by the login route\'s rate limit names the user, the 429 and the way out', async () => {
      const limited = await startTarget({ port: 0, quiet: true, jwtSecret: SECRET, publicLimit: 2 });
      try {
        const profiles: Record<string, AuthProfile> = {
          users: { pool: { size: 3, login: { path: LOGIN, body: { email: 'admin@example.com', password: 'admin-pass', note: '${i}' }, token: 'access_token' } } },
        };
        await rejectsWith(resolveAuth(profiles, ctxFor(limited.url)), (m) => {
          assert.match(m, /auth profile "users" \(user [123] of 3\): login POST \/api\/v1\/auth\/login answered 429 \(rate limited/);
          assert.doesNotMatch(m, /admin-pass/);
        });
      } finally {
        await limited.close();
      }
    });
  });
});

describe('login pools against a login server with numbered users', () => {
  let logins: BareServer;
  let target: RunningTarget;

  before(async () => {
    target = await startTarget({ port: 0, quiet: true, jwtSecret: SECRET });
    // Accepts user<n>@example.com / pw-<n> and issues a token the target accepts, with sub num_<n>.
    logins = await startBareServer((req, res, body) => {
      let creds: { email?: string; password?: string } = {};
      try {
        creds = JSON.parse(body);
      } catch { /* stays empty: refused below */ }
      const m = /^user(\d+)@example\.com$/.exec(creds.email ?? '');
      if (!m || creds.password !== `pw-${m[1]}` || req.headers['x-tenant'] !== `t${m[1]}`) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end('{"error":"invalid_credentials"}');
        return;
      }
      void mintByHand({ sub: `num_${m[1]}`, role: 'customer' }).then((token) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ data: { session: { token } } }));
      });
    });
  });
  after(async () => {
    await logins.close();
    await target.close();
  });

  it('logs in N users with ${i} in body and headers, token at a nested path: N distinct identities', async () => {
    const profiles: Record<string, AuthProfile> = {
      crowd: { pool: { size: 6, login: { path: '/login', headers: { 'X-Tenant': 't${i}' }, body: { email: 'user${i}@example.com', password: 'pw-${i}' }, token: 'data.session.token' } } },
    };
    const before = logins.seen.length;
    const sets = (await resolveAuth(profiles, ctxFor(logins.url)))('crowd');
    assert.equal(logins.seen.length - before, 6, 'one login per user');
    assert.equal(new Set(sets.map((s) => s.Authorization)).size, 6);
    const ids = [];
    for (const headers of sets) ids.push(JSON.parse((await call(target.url, '/api/v1/bookings', { headers })).body).user_id);
    assert.deepEqual(ids, ['num_1', 'num_2', 'num_3', 'num_4', 'num_5', 'num_6']);
  });

  it('resolves each profile once, and only the profiles in use', async () => {
    const port = await closedPort();
    const profiles: Record<string, AuthProfile> = {
      used: { login: { path: '/login', headers: { 'X-Tenant': 't7' }, body: { email: 'user7@example.com', password: 'pw-7' }, token: 'data.session.token' } },
      unused: { login: { path: '/login', body: {}, token: 'x' } },
    };
    const before = logins.seen.length;
    const sets = await resolveAuth(profiles, ctxFor(logins.url, { used: ['used', 'used'] }));
    const first = sets('used');
    assert.deepEqual(sets('used'), first);
    assert.equal(logins.seen.length - before, 1, 'one login, for the one profile used');
    await rejectsWith(Promise.resolve().then(() => sets('unused')), (m) => assert.match(m, /auth profile "unused" was not resolved/));
    // Without `used`, every profile is resolved: the unused one's failure surfaces.
    await rejectsWith(resolveAuth({ ...profiles, down: { login: { path: '/login', token: 'x' } } }, ctxFor(`http://127.0.0.1:${port}`)), (m) => assert.match(m, /ECONNREFUSED/));
  });

  it('an unknown profile name is a UserError naming it and the defined ones', async () => {
    const profiles: Record<string, AuthProfile> = { b: { bearer: 'x' }, a: { bearer: 'y' } };
    await rejectsWith(resolveAuth(profiles, ctxFor(logins.url, { used: ['nope'] })), (m) => {
      assert.equal(m, `${FILE}: unknown auth profile "nope"; defined profiles: b, a`);
    });
    const sets = await resolveAuth(profiles, ctxFor(logins.url));
    await rejectsWith(Promise.resolve().then(() => sets('nope')), (m) => assert.equal(m, `${FILE}: unknown auth profile "nope"; defined profiles: b, a`));
    const none = await resolveAuth(undefined, ctxFor(logins.url));
    await rejectsWith(Promise.resolve().then(() => none('x')), (m) => assert.equal(m, `${FILE}: unknown auth profile "x"; no profiles are defined under auth`));
  });
});

describe('usedProfiles', () => {
  it('lists the profiles of mix entries, check and probe requests, and otherAuth, once each', () => {
    const scenario: Pick<Scenario, 'phases'> = {
      phases: [
        { kind: 'burst', name: 'b', connections: 1, requests: 1, mix: [{ name: 'x', path: '/', auth: 'pool' }, { name: 'y', path: '/' }] },
        { kind: 'check', name: 'c', request: { path: '/', auth: 'admin' }, expect: {} },
        { kind: 'rate-probe', name: 'p', request: { path: '/', auth: 'admin' }, limit: 1, window: '1s', otherAuth: 'other' },
      ],
    };
    assert.deepEqual(usedProfiles(scenario), ['pool', 'admin', 'other']);
  });
});
