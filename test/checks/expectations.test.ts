import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type RunningTarget } from '../../src/target/index.js';
import { runChecks } from '../../src/checks/index.js';
import { UserError } from '../../src/errors.js';
import type { Expectations } from '../../src/model/scenario.js';
import type { CheckResult } from '../../src/model/result.js';
import { REDIS_URL, RedisProbe, closedPort, uniquePrefix } from '../target/helpers.js';
import { startBareServer, type BareServer } from './bare-server.js';
import { assertWellFormed, only } from './assert-results.js';

const TIMEOUT = 5000;

async function check(base: string, path: string, expect: Expectations, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<CheckResult[]> {
  const results = await runChecks(base + path, { method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body }, expect, 'req', TIMEOUT);
  assertWellFormed(results, 'req');
  return results;
}

describe('checks: each expectation kind against the embedded target (Redis store)', () => {
  let target: RunningTarget;
  const prefix = uniquePrefix('checks');
  const probe = new RedisProbe();

  before(async () => {
    target = await startTarget({ port: 0, quiet: true, redis: REDIS_URL, keyPrefix: prefix, publicLimit: 1000, userLimit: 1000 });
  });
  after(async () => {
    await target.close();
    await probe.cleanup(prefix);
    await probe.close();
  });

  describe('status', () => {
    it('passes on the status seen and on a set containing it', async () => {
      const one = await check(target.url, '/health', { status: 200 });
      assert.equal(one.length, 1);
      assert.equal(one[0].passed, true);
      const set = await check(target.url, '/health', { status: [204, 200] });
      assert.equal(set[0].passed, true);
      assert.match(set[0].message, /one of 204, 200/);
    });

    it('fails with expected vs seen on another status', async () => {
      const [r] = await check(target.url, '/health', { status: 201 });
      assert.equal(r.passed, false);
      assert.equal(r.inconclusive, undefined);
      assert.equal(r.message, 'expected status 201, got 200');
      assert.equal(r.observed, 200);
    });

    it('a real 401 on the protected route passes an expected 401', async () => {
      const [r] = await check(target.url, '/api/v1/analytics/overview', { status: 401 }, { headers: { Authorization: 'Bearer not-a-jwt' } });
      assert.equal(r.passed, true);
    });

    it('a 404 where 401 or 403 was expected is inconclusive "route not found", never an auth failure', async () => {
      for (const status of [401, 403, [401, 403]]) {
        const [r] = await check(target.url, '/api/v1/analytics/overveiw', { status });
        assert.equal(r.passed, false);
        assert.equal(r.inconclusive, true);
        assert.ok(r.message.startsWith('route not found — check the path'), r.message);
        assert.equal(r.observed, 404);
      }
    });

    it('a 404 where 200 was expected is a plain failure, and an expected 404 passes', async () => {
      const [failed] = await check(target.url, '/nope', { status: 200 });
      assert.equal(failed.passed, false);
      assert.equal(failed.inconclusive, undefined);
      const [passed] = await check(target.url, '/nope', { status: 404 });
      assert.equal(passed.passed, true);
    });
  });

  describe('headers', () => {
    it('present: passes when sent, fails when not', async () => {
      const ok = only(await check(target.url, '/health', { headers: [{ name: 'x-content-type-options' }] }), 'header x-content-type-options');
      assert.equal(ok.passed, true);
      const missing = only(await check(target.url, '/health', { headers: [{ name: 'X-Request-Id', present: true }] }), 'header X-Request-Id');
      assert.equal(missing.passed, false);
      assert.equal(missing.message, 'expected X-Request-Id present, got no such header');
    });

    it('absent: passes when not sent, fails when sent', async () => {
      const ok = only(await check(target.url, '/health', { headers: [{ name: 'X-Powered-By', present: false }] }), 'header X-Powered-By');
      assert.equal(ok.passed, true);
      const sent = only(await check(target.url, '/health', { headers: [{ name: 'Vary', present: false }] }), 'header Vary');
      assert.equal(sent.passed, false);
      assert.equal(sent.message, 'expected Vary absent, got "Origin"');
    });

    it('equals: exact value', async () => {
      const ok = only(await check(target.url, '/health', { headers: [{ name: 'X-Frame-Options', equals: 'DENY' }] }), 'header X-Frame-Options');
      assert.equal(ok.passed, true);
      const bad = only(await check(target.url, '/health', { headers: [{ name: 'X-Frame-Options', equals: 'SAMEORIGIN' }] }), 'header X-Frame-Options');
      assert.equal(bad.passed, false);
      assert.equal(bad.message, 'expected X-Frame-Options "SAMEORIGIN", got "DENY"');
    });

    it('matches: regular expression', async () => {
      const ok = only(await check(target.url, '/health', { headers: [{ name: 'Content-Type', matches: '^application/json' }] }), 'header Content-Type matches');
      assert.equal(ok.passed, true);
      const bad = only(await check(target.url, '/docs', { headers: [{ name: 'Content-Type', matches: '^application/json' }] }), 'header Content-Type matches');
      assert.equal(bad.passed, false);
      assert.match(bad.message, /^expected Content-Type to match \/\^application\/json\/, got "text\/html/);
    });

    it('an invalid regular expression is a scenario error naming the request and header', async () => {
      await assert.rejects(check(target.url, '/health', { headers: [{ name: 'Content-Type', matches: '(' }] }), (e: unknown) => {
        assert.ok(e instanceof UserError);
        assert.match(e.message, /request "req" header Content-Type matches: invalid regular expression "\("/);
        return true;
      });
    });
  });

  describe('json', () => {
    it('equals: a value at a dot path, deep for objects', async () => {
      const results = await check(target.url, '/health', {
        json: [
          { path: 'services.database_session', equals: 'ok' },
          { path: 'services', equals: { database_session: 'ok', rate_limiter: 'redis' } },
          { path: 'status', equals: 'down' },
          { path: 'services', equals: { database_session: 'ok' } },
        ],
      });
      assert.deepEqual(results.map((r) => r.passed), [true, true, false, false]);
      assert.equal(results[2].message, 'expected status "down", got "healthy"');
    });

    it('exists true / false', async () => {
      const results = await check(target.url, '/health', {
        json: [
          { path: 'services.database_session', exists: true },
          { path: 'services.cache', exists: true },
          { path: 'services.cache', exists: false },
          { path: 'version', exists: false },
          { path: 'status' },
        ],
      });
      assert.deepEqual(results.map((r) => r.passed), [true, false, true, false, true]);
      assert.equal(results[1].message, 'expected services.cache present, got nothing at services.cache');
    });

    it('array indices as [n] and as .n', async () => {
      const results = await check(target.url, '/api/v1/services', {
        json: [
          { path: '[0].id', equals: 'svc_haircut' },
          { path: '0.id', equals: 'svc_haircut' },
          { path: '[3].price', equals: 30 },
          { path: '[9].id', exists: true },
        ],
      });
      assert.deepEqual(results.map((r) => r.passed), [true, true, true, false]);
      assert.equal(results[3].message, 'expected [9].id present, got nothing at [9]');
    });

    it('a body that is not JSON fails every JSON expectation and says so', async () => {
      const [r] = await check(target.url, '/docs', { json: [{ path: 'status', exists: true }] });
      assert.equal(r.passed, false);
      assert.match(r.message, /not JSON \(text\/html/);
    });

    it('a malformed path is a scenario error', async () => {
      await assert.rejects(check(target.url, '/health', { json: [{ path: 'services..x', exists: true }] }), UserError);
    });
  });

  describe('bodyContains', () => {
    it('one result per text: present passes, absent fails', async () => {
      const results = await check(target.url, '/docs', { bodyContains: ['/api/v1/analytics/overview', 'no-such-text-here'] });
      assert.deepEqual(results.map((r) => r.passed), [true, false]);
      assert.match(results[1].message, /^expected the body to contain "no-such-text-here", got \d+ bytes without it/);
      const single = await check(target.url, '/health', { bodyContains: 'database_session' });
      assert.equal(single[0].passed, true);
    });
  });

  describe('maxLatency', () => {
    it('passes within the limit', async () => {
      const [r] = await check(target.url, '/health', { maxLatency: '60s' });
      assert.equal(r.passed, true);
      assert.equal(r.name, 'latency');
    });

    it('fails on a route the target delays well past the limit', async () => {
      const slow = await startTarget({ port: 0, quiet: true, latencyMs: 300 });
      try {
        const [r] = await check(slow.url, '/api/v1/services', { maxLatency: '50ms' });
        assert.equal(r.passed, false);
        assert.match(r.message, /^expected a response in ≤ 50ms, took \d+\.\dms$/);
        assert.ok((r.observed as number) >= 300);
      } finally {
        await slow.close();
      }
    });
  });

  it('all kinds together give one result each, in a stable order', async () => {
    const results = await check(target.url, '/health', {
      status: 200,
      maxLatency: '60s',
      headers: [{ name: 'Cache-Control', equals: 'no-store' }],
      json: [{ path: 'status', equals: 'healthy' }],
      bodyContains: 'healthy',
    });
    assert.deepEqual(results.map((r) => r.name), ['status', 'latency', 'header Cache-Control', 'json status', 'body contains "healthy"']);
    assert.ok(results.every((r) => r.passed));
  });
});

describe('checks: no answer at all', () => {
  it('a refused connection is one inconclusive result naming the error kind and the URL', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/health`;
    const results = await runChecks(url, { method: 'GET', headers: {} }, { status: 200, preset: 'security-headers' }, 'down', TIMEOUT);
    assert.equal(results.length, 1);
    assert.equal(results[0].passed, false);
    assert.equal(results[0].inconclusive, true, 'nobody listening: the route could not be judged');
    assert.equal(results[0].message, `GET ${url}: no answer (ECONNREFUSED); expected an HTTP response: is the target up?`);
  });

  it('a server that never answers is one failed "timeout" result', async () => {
    let server: BareServer | undefined;
    try {
      server = await startBareServer(() => { /* never answers */ });
      const results = await runChecks(`${server.url}/slow`, { method: 'GET', headers: {} }, { status: 200 }, 'slow', 300);
      assert.equal(results.length, 1);
      assert.equal(results[0].passed, false);
      assert.equal(results[0].inconclusive, undefined, 'a server that accepts and never answers fails');
      assert.match(results[0].message, /no answer \(timeout\)/);
    } finally {
      await server?.close();
    }
  });

  it('credential header values are judged but never shown', async () => {
    const server = await startBareServer((_req, res) => {
      res.writeHead(200, { 'Set-Cookie': 'session=s3cr3t-value' });
      res.end();
    });
    try {
      const results = await runChecks(`${server.url}/`, { method: 'GET', headers: {} }, { headers: [{ name: 'Set-Cookie', equals: 'other' }] }, 'cookie', TIMEOUT);
      assert.equal(results[0].passed, false);
      assert.doesNotMatch(JSON.stringify(results), /s3cr3t/);
    } finally {
      await server.close();
    }
  });
});

describe('checks: a 429 where 401 was expected', () => {
  it('is inconclusive (the limiter answered before auth was looked at)', async () => {
    const target = await startTarget({ port: 0, quiet: true, publicLimit: 1 });
    try {
      const first = await check(target.url, '/api/v1/analytics/overview', { status: 401 });
      assert.equal(first[0].passed, true);
      const [r] = await check(target.url, '/api/v1/analytics/overview', { status: 401 });
      assert.equal(r.observed, 429);
      assert.equal(r.passed, false);
      assert.equal(r.inconclusive, true);
      assert.match(r.message, /^rate limited before auth could be judged \(expected 401, got 429, Retry-After \d+\)$/);
    } finally {
      await target.close();
    }
  });
});
