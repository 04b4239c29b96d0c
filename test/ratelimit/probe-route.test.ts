import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runProbe } from '../../src/ratelimit/probe.js';
import { bearer, codes, explain, findingOf, freePort, probeConfig, runCli, uniquePrefix, deleteKeys, withTarget } from './helpers.js';
import { DEMO_USERS, startTarget } from '../../src/target/index.js';

describe('routes the probe cannot judge are INCONCLUSIVE, never PASS or FAIL', () => {
  test('/health (the user story: 25 requests against 20/min) → INCONCLUSIVE ROUTE_APPEARS_EXEMPT', async () => {
    await withTarget('memory', { publicLimit: 20, windowMs: 60_000 }, async (t) => {
      const r = await runProbe(probeConfig(t.url + '/health', { limit: 20, windowMs: 60_000, count: 25 }));
      assert.equal(r.verdict, 'inconclusive', explain(r));
      const f = findingOf(r, 'ROUTE_APPEARS_EXEMPT');
      assert.match(f.message, /probe a limited API route/i);
      assert.match(f.message, /\/api\/v1\/services/);
      assert.ok(!codes(r).includes('LIMIT_NOT_ENFORCED'));
      assert.equal(r.admitted, 25);
    });
  });

  test('unknown path (404) → INCONCLUSIVE ROUTE_NOT_FOUND after 3 requests, not the whole count', async () => {
    await withTarget('memory', {}, async (t) => {
      const r = await runProbe(probeConfig(t.url + '/api/v1/nope'));
      assert.equal(r.verdict, 'inconclusive', explain(r));
      assert.ok(codes(r).includes('ROUTE_NOT_FOUND'));
      assert.equal(r.timeline.filter((e) => e.strategy === 'sequential').length, 3);
      assert.ok(!codes(r).includes('PROBE_TIME_BUDGET'), explain(r));
    });
  });

  test('wrong method (405) → INCONCLUSIVE ROUTE_NOT_FOUND naming the method', async () => {
    await withTarget('memory', {}, async (t) => {
      const r = await runProbe(probeConfig(t.url + '/api/v1/services', { method: 'DELETE' }));
      assert.equal(r.verdict, 'inconclusive', explain(r));
      assert.match(findingOf(r, 'ROUTE_NOT_FOUND').message, /method not allowed/);
    });
  });

  test('authenticated route without a token (401) → INCONCLUSIVE ROUTE_NEEDS_CREDENTIALS', async () => {
    await withTarget('memory', { publicLimit: 50 }, async (t) => {
      const r = await runProbe(probeConfig(t.url + '/api/v1/bookings'));
      assert.equal(r.verdict, 'inconclusive', explain(r));
      assert.ok(codes(r).includes('ROUTE_NEEDS_CREDENTIALS'));
    });
  });

  test('403 on the first request (role not allowed) → INCONCLUSIVE ROUTE_NEEDS_CREDENTIALS, not a wrong-status limit', async () => {
    await withTarget('memory', { publicLimit: 50, userLimit: 50 }, async (t) => {
      const token = await bearer(t.url, DEMO_USERS[0].email, DEMO_USERS[0].password);
      const r = await runProbe(probeConfig(t.url + '/api/v1/analytics/overview', { headers: { authorization: `Bearer ${token}` } }));
      assert.equal(r.verdict, 'inconclusive', explain(r));
      assert.ok(codes(r).includes('ROUTE_NEEDS_CREDENTIALS'));
      assert.ok(!codes(r).includes('LIMITED_WRONG_STATUS'));
    });
  });

  test('count not above the limit → INCONCLUSIVE COUNT_NOT_ABOVE_LIMIT', async () => {
    await withTarget('memory', { publicLimit: 5 }, async (t) => {
      const r = await runProbe(probeConfig(t.url + '/api/v1/services', { count: 5, windowMs: 60_000 }));
      assert.equal(r.verdict, 'inconclusive', explain(r));
      assert.ok(codes(r).includes('COUNT_NOT_ABOVE_LIMIT'));
    });
  });
});

describe('limiter store down', () => {
  test('fail-open fault, Redis unreachable: everything admitted → FAIL LIMITER_FAIL_OPEN', async () => {
    const port = await freePort();
    await withTarget('memory', { redis: `redis://127.0.0.1:${port}`, publicLimit: 5, faults: ['fail-open'] }, async (t) => {
      const r = await runProbe(probeConfig(t.url + '/api/v1/services'));
      assert.equal(r.verdict, 'fail', explain(r));
      assert.match(findingOf(r, 'LIMITER_FAIL_OPEN').message, /rate_limiter: unavailable/);
      assert.equal(r.admitted, 8);
    });
  });

  test('fail-open declared acceptable (--fail-open-allowed) → INCONCLUSIVE FAIL_OPEN_ALLOWED', async () => {
    const port = await freePort();
    await withTarget('memory', { redis: `redis://127.0.0.1:${port}`, publicLimit: 5, faults: ['fail-open'] }, async (t) => {
      const r = await runProbe(probeConfig(t.url + '/api/v1/services', { failOpenAllowed: true }));
      assert.equal(r.verdict, 'inconclusive', explain(r));
      assert.ok(codes(r).includes('FAIL_OPEN_ALLOWED'));
    });
  });

  test('Redis unreachable without fail-open: 503 on every request → FAIL LIMITER_SERVER_ERRORS', async () => {
    const port = await freePort();
    await withTarget('memory', { redis: `redis://127.0.0.1:${port}`, publicLimit: 5 }, async (t) => {
      const r = await runProbe(probeConfig(t.url + '/api/v1/services'));
      assert.equal(r.verdict, 'fail', explain(r));
      assert.deepEqual(findingOf(r, 'LIMITER_SERVER_ERRORS').evidence?.statuses, { 503: 8 });
      assert.ok(!codes(r).includes('LIMITED_WRONG_STATUS'), 'a store outage is not a limit with the wrong status');
    });
  });
});

describe('the probe command', () => {
  test('unreachable port → INCONCLUSIVE TARGET_UNREACHABLE, exit 3', async () => {
    const port = await freePort();
    const run = await runCli(['probe', `http://127.0.0.1:${port}/api/v1/services`, '--limit', '20', '--window', '60s', '--json']);
    assert.equal(run.code, 3, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.verdict, 'inconclusive');
    assert.equal(report.findings[0].code, 'TARGET_UNREACHABLE');
    assert.match(report.reason, /ECONNREFUSED/);
  });

  test('correct target: exit 0, one JSON object with verdict, findings, timeline, admitted, firstLimitedAt', async () => {
    const prefix = uniquePrefix();
    const t = await startTarget({ port: 0, quiet: true, publicLimit: 20, windowMs: 60_000, redis: 'redis://127.0.0.1:6379', keyPrefix: prefix });
    try {
      const run = await runCli(['probe', `${t.url}/api/v1/services`, '--limit', '20', '--window', '60s', '--json', '--redis', 'redis://127.0.0.1:6379', '--redis-match', `${prefix}*`]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const report = JSON.parse(run.stdout);
      assert.equal(report.verdict, 'pass');
      assert.equal(report.admitted, 20);
      assert.equal(report.firstLimitedAt, 21);
      assert.equal(report.timeline.filter((e: { strategy: string }) => e.strategy === 'sequential').length, 25);
      for (const e of report.timeline) for (const k of ['index', 'sendOffsetMs', 'status', 'latencyMs', 'limits']) assert.ok(k in e, k);
      assert.ok(report.findings.every((f: { code: string; severity: string; message: string }) => f.code && f.severity && f.message));
      // The Redis join saw the target's one sliding-log key for this client.
      assert.deepEqual(report.redis.keys.map((k: { key: string }) => k.key), [`${prefix}ip:127.0.0.1`]);
    } finally {
      await t.close();
      await deleteKeys(prefix);
    }
  });

  test('text output: verdict line, findings and a timeline table; FAIL exits 1', async () => {
    await withTarget('memory', { publicLimit: 5, windowMs: 2000, faults: ['status-503'] }, async (t) => {
      const run = await runCli(['probe', `${t.url}/api/v1/services`, '--limit', '5', '--window', '2s', '--count', '7']);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /^FAIL: limit enforced with the wrong status/);
      assert.match(run.stdout, /LIMITED_WRONG_STATUS/);
      assert.match(run.stdout, /│ 6 +│ sequential │ A +│ \d+ +│ 503 /);
    });
  });

  for (const [args, message] of [
    [['--limit', 'abc', '--window', '60s'], '--limit must be a positive integer, got "abc"'],
    [['--limit', '20', '--window', 'soon'], '--window: invalid duration "soon"'],
    [['--limit', '20', '--window', '60s', '--scope', 'team'], '--scope must be one of ip, user, global, got "team"'],
    [['--limit', '20', '--window', '60s', '--strategy', 'chaos'], '--strategy must be one of sequential, concurrent, recovery, identity, browser, got "chaos"'],
    [['--limit', '20', '--window', '60s', '--header', 'no-colon'], '--header must look like "Name: value"'],
    [['--limit', '20', '--window', '60s', '--concurrency', '0'], '--concurrency must be a positive integer, got "0"'],
  ] as const) {
    test(`usage error exits 2: ${args.join(' ')}`, async () => {
      const run = await runCli(['probe', 'http://127.0.0.1:9/x', ...args]);
      assert.equal(run.code, 2);
      assert.ok(run.stderr.includes(message), run.stderr);
      assert.ok(!run.stderr.includes('    at '), 'no stack trace');
    });
  }

  test('a non-http URL is a usage error', async () => {
    const run = await runCli(['probe', 'ftp://127.0.0.1/x', '--limit', '5', '--window', '1s']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unsupported scheme "ftp:"/);
  });

  test('the bearer token never appears in the output', async () => {
    const port = await freePort();
    const run = await runCli(['probe', `http://127.0.0.1:${port}/x`, '--limit', '5', '--window', '1s', '--auth-bearer', 'SECRET-TOKEN-123', '--json']);
    assert.equal(run.code, 3);
    assert.ok(!run.stdout.includes('SECRET-TOKEN-123') && !run.stderr.includes('SECRET-TOKEN-123'));
    assert.equal(JSON.parse(run.stdout).config.headers.authorization, '[redacted]');
  });
});
