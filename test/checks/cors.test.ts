import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type RunningTarget } from '../../src/target/index.js';
import { judgeExchange, runChecks } from '../../src/checks/index.js';
import { send } from '../../src/http/send.js';
import type { CorsExpectation } from '../../src/model/scenario.js';
import type { CheckResult } from '../../src/model/result.js';
import { ORIGIN } from '../target/helpers.js';
import { startBareServer } from './bare-server.js';
import { assertWellFormed, only } from './assert-results.js';

async function cors(url: string, c: CorsExpectation, method = 'GET', headers: Record<string, string> = {}): Promise<CheckResult[]> {
  const results = await runChecks(url, { method, headers, body: method === 'POST' ? '{}' : undefined }, { cors: c }, 'cors', 5000);
  assertWellFormed(results, 'cors');
  return results;
}

describe('CORS check against the embedded target', () => {
  let target: RunningTarget;
  before(async () => {
    target = await startTarget({ port: 0, quiet: true, corsOrigin: ORIGIN, publicLimit: 50 });
  });
  after(() => target.close());

  it('passes for the configured origin: preflight origin and method, and the response origin', async () => {
    const results = await cors(`${target.url}/api/v1/services`, { origin: ORIGIN });
    assert.deepEqual(results.map((r) => r.name), ['cors preflight origin', 'cors preflight method', 'cors response origin']);
    for (const r of results) assert.equal(r.passed, true, r.message);
  });

  it('passes request headers the target allows (Authorization, Content-Type), fails one it does not', async () => {
    const ok = await cors(`${target.url}/api/v1/bookings`, { origin: ORIGIN, headers: ['Authorization', 'Content-Type'] });
    assert.equal(only(ok, 'cors preflight headers').passed, true);
    const bad = await cors(`${target.url}/api/v1/bookings`, { origin: ORIGIN, headers: ['Authorization', 'X-Tenant'] });
    const r = only(bad, 'cors preflight headers');
    assert.equal(r.passed, false);
    assert.equal(r.message, 'expected the preflight to allow X-Tenant, got Access-Control-Allow-Headers "Authorization, Content-Type"');
  });

  it('fails another origin on the preflight and on the response', async () => {
    const results = await cors(`${target.url}/api/v1/services`, { origin: 'http://evil.example' });
    assert.equal(only(results, 'cors preflight origin').passed, false);
    assert.equal(only(results, 'cors preflight origin').message, 'expected Access-Control-Allow-Origin "http://evil.example" on the preflight (status 204), got none');
    assert.equal(only(results, 'cors response origin').passed, false);
  });

  it('fails a method the route does not allow, passes POST on the login route', async () => {
    const del = await cors(`${target.url}/api/v1/services`, { origin: ORIGIN, method: 'DELETE' });
    const r = only(del, 'cors preflight method');
    assert.equal(r.passed, false);
    assert.equal(r.message, 'expected the preflight to allow DELETE, got Access-Control-Allow-Methods "GET, HEAD, OPTIONS"');
    const post = await cors(`${target.url}/api/v1/auth/login`, { origin: ORIGIN, headers: ['Content-Type'] }, 'POST', { 'Content-Type': 'application/json' });
    for (const x of post) assert.equal(x.passed, true, x.message);
  });

  it('a preflight to a missing route fails on its status', async () => {
    const results = await cors(`${target.url}/api/v1/nope`, { origin: ORIGIN });
    const r = only(results, 'cors preflight origin');
    assert.equal(r.passed, false);
    assert.equal(r.message, 'expected the preflight OPTIONS to answer 2xx allowing "http://localhost:3000", got status 404');
  });

  it('judges the response origin on 429s too, and catches the no-cors-on-429 fault', async () => {
    const good = await startTarget({ port: 0, quiet: true, corsOrigin: ORIGIN, publicLimit: 1 });
    const bad = await startTarget({ port: 0, quiet: true, corsOrigin: ORIGIN, publicLimit: 1, faults: ['no-cors-on-429'] });
    try {
      for (const t of [good, bad]) await send(`${t.url}/api/v1/services`);
      const onGood = await cors(`${good.url}/api/v1/services`, { origin: ORIGIN });
      assert.equal(only(onGood, 'cors response origin').passed, true);
      const onBad = await cors(`${bad.url}/api/v1/services`, { origin: ORIGIN });
      const r = only(onBad, 'cors response origin');
      assert.equal(r.passed, false);
      assert.equal(r.message, 'expected Access-Control-Allow-Origin "http://localhost:3000" on the response (status 429), got none');
    } finally {
      await good.close();
      await bad.close();
    }
  });

  it('judgeExchange without a preflight reports CORS inconclusive instead of guessing', async () => {
    const ex = await send(`${target.url}/health`, { headers: { Origin: ORIGIN } });
    const results = judgeExchange(ex, { status: 200, cors: { origin: ORIGIN } }, 'pure');
    assert.equal(results.length, 2);
    assert.equal(results[1].passed, false);
    assert.equal(results[1].inconclusive, true);
    const pre = await send(`${target.url}/health`, { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' } });
    const judged = judgeExchange(ex, { cors: { origin: ORIGIN } }, 'pure', pre);
    for (const r of judged) assert.equal(r.passed, true, r.message);
  });
});

describe('CORS check against a hand-written server', () => {
  it('sends Origin and Access-Control-Request-Method(+Headers) on the preflight, Origin on the request', async () => {
    const server = await startBareServer((req, res) => {
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'PUT',
        'Access-Control-Allow-Headers': '*',
      });
      res.end();
    });
    try {
      const results = await cors(`${server.url}/x`, { origin: 'http://app.example', headers: ['X-Trace'] }, 'PUT');
      for (const r of results) assert.equal(r.passed, true, r.message);
      assert.equal(server.seen[0].method, 'OPTIONS');
      assert.equal(server.seen[0].headers.origin, 'http://app.example');
      assert.equal(server.seen[0].headers['access-control-request-method'], 'PUT');
      assert.equal(server.seen[0].headers['access-control-request-headers'], 'x-trace');
      assert.equal(server.seen[1].method, 'PUT');
      assert.equal(server.seen[1].headers.origin, 'http://app.example');
    } finally {
      await server.close();
    }
  });

  it('"*" with credentials allowed fails, and "*" does not cover Authorization', async () => {
    const server = await startBareServer((_req, res) => {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'GET',
        'Access-Control-Allow-Headers': '*',
      });
      res.end();
    });
    try {
      const results = await cors(`${server.url}/x`, { origin: 'http://app.example', headers: ['Authorization'] });
      assert.equal(only(results, 'cors preflight origin').passed, false);
      assert.match(only(results, 'cors preflight origin').message, /"\*" with credentials allowed/);
      assert.equal(only(results, 'cors preflight headers').passed, false);
    } finally {
      await server.close();
    }
  });
});
