import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectRedis, type InspectReport } from '../../src/redis/inspect.js';
import { sharedClient, SHARED_URL, uniqueTag, suiteRedis } from './helpers.js';
import { fixtures, LIMIT, WINDOW_MS, type Fixture } from './fixtures/library-writers.js';
import { RATE_LIMIT_REDIS_INCREMENT as ERL } from './fixtures/library-scripts.js';

/*
 * Each fixture writes keys with the library's own commands (its Lua, or its pipelined commands; see
 * fixtures/library-scripts.ts), then inspect must recognise, summarise and judge them. A second
 * identity is written the same way and then loses its TTL (PERSIST), which must be flagged.
 * Layouts with a configurable prefix run on the shared 6379 under a unique prefix (`--library X
 * --prefix P`, as a user with a custom prefix would); fixed layouts run on a private redis-server.
 */

const nowMs = () => Date.now();

async function check(f: Fixture, report: InspectReport, okKey: string, leakKey: string, auto = false): Promise<void> {
  const row = report.keys.find((k) => k.key === okKey);
  assert.ok(row, `key ${okKey} listed; got ${report.keys.map((k) => k.key).join(', ')}`);
  assert.equal(row.library, f.library);
  assert.match(row.algorithm ?? '', f.algorithm);
  assert.match(row.summary, f.summary);
  if (f.count !== undefined) assert.equal(row.count, f.count);
  assert.ok(row.pttlMs > 0 && row.pttlMs <= 2 * WINDOW_MS + 60_000, `TTL set (${row.pttlMs})`);
  assert.deepEqual(row.findings.filter((c) => c.includes('TTL')), [], 'healthy key has no TTL finding');
  const leak = report.keys.find((k) => k.key === leakKey);
  assert.ok(leak, `leaked key ${leakKey} listed`);
  assert.equal(leak.ttl, 'none');
  const code = f.noTtlCode ?? 'REDIS_KEY_NO_TTL';
  assert.ok(leak.findings.includes(code), `lost TTL flagged ${code}; got ${leak.findings}`);
  const failGrade = code === 'REDIS_KEY_NO_TTL' && !(auto && f.genericLayout);
  const finding = report.findings.find((x) => x.code === code && x.message.startsWith(leakKey));
  assert.equal(finding?.severity, failGrade ? 'fail' : 'warn');
  assert.equal(report.verdict, failGrade ? 'fail' : 'pass');
}

const declared = { limit: LIMIT, windowMs: WINDOW_MS };

describe('recognisers: configurable-prefix layouts on the shared 6379 (unique prefix, --library + --prefix)', () => {
  const tag = uniqueTag();
  let shared: Awaited<ReturnType<typeof sharedClient>>;
  before(async () => {
    shared = await sharedClient(tag);
  });
  after(async () => {
    await shared.cleanup();
  });

  let n = 0;
  for (const f of fixtures().filter((x) => x.prefix)) {
    const i = ++n;
    test(`${f.library} ${f.title}: recognised, summarised, lost TTL flagged`, async () => {
      const prefix = f.prefix!(`${tag}${i}`);
      const [okKey] = await f.write(shared.client, `198.51.100.${i}`, prefix);
      const leakKeys = await f.write(shared.client, `198.51.100.${i + 100}`, prefix);
      for (const k of leakKeys) await shared.client.persist(k);
      const report = await inspectRedis({ url: SHARED_URL, library: f.library, prefix, declared });
      assert.deepEqual(report.patterns, [`${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`]);
      await check(f, report, okKey, leakKeys[0]);
    });
  }
});

describe('recognisers: every layout with its default prefix on a private redis-server', () => {
  const srv = suiteRedis();

  let n = 0;
  for (const f of fixtures()) {
    const i = ++n;
    test(`${f.library} ${f.title}: found by the default patterns (no --match, --library auto)`, async () => {
      await srv.admin.flushdb(); // private server: ours alone
      const [okKey] = await f.write(srv.admin, `198.51.100.${i}`);
      const leakKeys = await f.write(srv.admin, `198.51.100.${i + 100}`);
      for (const k of leakKeys) await srv.admin.persist(k);
      const report = await inspectRedis({ url: srv.url, declared });
      await check(f, report, okKey, leakKeys[0], true);
    });
  }

  test('counter past the limit: info for libraries that count rejects, fail for those that stop at the limit', async () => {
    await srv.admin.flushdb();
    for (let i = 0; i < 12; i++) await srv.admin.eval(ERL, 1, 'rl:203.0.113.1', '0', String(WINDOW_MS));
    // A sliding counter (stops at the limit) holding 12 with limit 10 means 2 admitted too many.
    const k = 'LIMITS:{LIMITER/203.0.113.2/api/10/1/minute}';
    await srv.admin.set(k, '12', 'PX', 2 * WINDOW_MS);
    const report = await inspectRedis({ url: srv.url, declared: { limit: LIMIT, windowMs: WINDOW_MS } });
    const erl = report.findings.find((f) => f.code === 'REDIS_REJECTED_COUNTED');
    assert.ok(erl && erl.severity === 'info' && /about 2 were rejected/.test(erl.message), JSON.stringify(report.findings));
    const over = report.findings.find((f) => f.code === 'REDIS_COUNT_OVER_LIMIT');
    assert.ok(over && over.severity === 'fail' && over.message.includes(k));
    assert.equal(report.verdict, 'fail');
  });

  test('TTL longer than the window: REDIS_TTL_TOO_LONG', async () => {
    await srv.admin.flushdb();
    await srv.admin.eval(ERL, 1, 'rl:203.0.113.3', '0', String(10 * WINDOW_MS));
    const report = await inspectRedis({ url: srv.url, match: ['rl:*'], declared: { windowMs: WINDOW_MS } });
    assert.deepEqual(report.keys[0].findings, ['REDIS_TTL_TOO_LONG']);
    assert.equal(report.verdict, 'pass');
  });

  test('--max-keys bounds the scan and says so', async () => {
    await srv.admin.flushdb();
    const p = srv.admin.pipeline();
    for (let i = 0; i < 50; i++) p.set(`rl:10.1.0.${i}`, '1', 'PX', WINDOW_MS);
    await p.exec();
    const report = await inspectRedis({ url: srv.url, match: ['rl:*'], maxKeys: 20 });
    assert.equal(report.keys.length, 20);
    assert.equal(report.truncated, true);
    assert.ok(report.findings.some((f) => f.code === 'REDIS_SCAN_TRUNCATED'));
  });

  test('unrecognised keys under a user pattern: shown by type, values not printed', async () => {
    await srv.admin.flushdb();
    await srv.admin.set('session:abc', 'Bearer super-secret-token');
    await srv.admin.set('session:blob', 'x'.repeat(1_000_000), 'PX', 60_000);
    await srv.admin.zadd('custom:log', nowMs() - 5000, 'a', nowMs(), 'b');
    const report: InspectReport = await inspectRedis({ url: srv.url, match: ['session:*', 'custom:*'] });
    const s = report.keys.find((k) => k.key === 'session:abc')!;
    assert.equal(s.library, null);
    assert.ok(!JSON.stringify(report).includes('super-secret'), 'string contents never printed');
    assert.ok(s.findings.includes('REDIS_UNKNOWN_KEY_NO_TTL'));
    // A 1 MB value is summarised from STRLEN + a 200-byte GETRANGE, never transferred whole.
    assert.equal(report.keys.find((k) => k.key === 'session:blob')!.summary, 'string (1000000 bytes, not shown)');
    const z = report.keys.find((k) => k.key === 'custom:log')!;
    assert.match(z.summary, /^2 entries, oldest 5(\.\d+)?s ago/);
  });
});
