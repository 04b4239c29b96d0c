import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { captureBefore, type ChangedKey } from '../../src/redis/probe-join.js';
import { cleanupCreated } from '../../src/redis/cleanup.js';
import { sharedClient, SHARED_URL, uniqueTag, suiteRedis } from './helpers.js';
import { KONG_INCREMENT } from './fixtures/library-scripts.js';

/*
 * The probe's view of Redis, on the shared 6379 under a unique `limitprobe:rl:<tag>:` prefix: a
 * limiter with the embedded target's layout is driven by the test (its sliding-log Lua order:
 * trim, count, add if below the limit, PEXPIRE), and the join is checked against what was sent.
 */
const SLIDING = `redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
local n = redis.call('ZCARD', KEYS[1]) if n >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4]) redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1`;
const WINDOW_MS = 60_000;
const LIMIT = 5;

describe('probe join: keys created or changed, checked against the traffic', () => {
  const tag = uniqueTag();
  const prefix = `limitprobe:rl:${tag}:`;
  let shared: Awaited<ReturnType<typeof sharedClient>>;
  let seq = 0;
  before(async () => {
    shared = await sharedClient(prefix);
  });
  after(async () => {
    await shared.cleanup();
  });

  /** One request through the sliding limiter; true when admitted. */
  async function hit(r: Redis, key: string): Promise<boolean> {
    const now = Date.now();
    return (await r.eval(SLIDING, 1, key, String(now), String(WINDOW_MS), String(LIMIT), `${now}-${seq++}`)) === 1;
  }

  test('two identities limited apart: counts match the admitted requests, no warnings', async () => {
    const p = `${prefix}a:`;
    const cap = await captureBefore({ url: SHARED_URL, match: [`${p}*`] });
    let admitted = 0;
    for (const id of ['192.0.2.1', '192.0.2.2']) for (let i = 0; i < 7; i++) if (await hit(shared.client, `${p}ip:${id}`)) admitted++;
    const res = await cap.finish({ requests: 14, admitted, identities: 2, limit: LIMIT, windowMs: WINDOW_MS });
    const keys = res.keys as ChangedKey[];
    assert.equal(admitted, 10);
    assert.deepEqual(keys.map((k) => [k.key, k.change, k.library, k.countDelta]).sort(), [
      [`${p}ip:192.0.2.1`, 'created', 'limitprobe-target', 5],
      [`${p}ip:192.0.2.2`, 'created', 'limitprobe-target', 5],
    ]);
    assert.deepEqual(res.findings.filter((f) => f.severity !== 'info'), []);
  });

  test('changed keys: only the new entries count', async () => {
    const p = `${prefix}b:`;
    await hit(shared.client, `${p}ip:192.0.2.3`);
    await hit(shared.client, `${p}ip:192.0.2.3`);
    const cap = await captureBefore({ url: SHARED_URL, match: [`${p}*`] });
    for (let i = 0; i < 2; i++) await hit(shared.client, `${p}ip:192.0.2.3`);
    const res = await cap.finish({ requests: 2, admitted: 2, identities: 1, limit: LIMIT, windowMs: WINDOW_MS });
    const k = (res.keys as ChangedKey[])[0];
    assert.equal(k.change, 'changed');
    assert.equal(k.countDelta, 2);
    assert.match(k.before ?? '', /^2 entries/);
    assert.match(k.after ?? '', /^4 entries/);
  });

  test('identities kept apart by the probe share one key: REDIS_PROBE_SHARED_KEY', async () => {
    const p = `${prefix}c:`;
    const cap = await captureBefore({ url: SHARED_URL, match: [`${p}*`] });
    // Three users behind one proxy: the limiter keys all of them by the proxy's address.
    let admitted = 0;
    for (let i = 0; i < 6; i++) if (await hit(shared.client, `${p}ip:10.0.0.1`)) admitted++;
    const res = await cap.finish({ requests: 6, admitted, identities: 3, limit: LIMIT, windowMs: WINDOW_MS });
    const f = res.findings.find((x) => x.code === 'REDIS_PROBE_SHARED_KEY');
    assert.ok(f && f.severity === 'warn', JSON.stringify(res.findings));
    assert.match(f.message, /3 separate identities but the limiter keys show 1 \(ip:10\.0\.0\.1\)/);
  });

  test('a key per request: REDIS_PROBE_KEYS_PER_IDENTITY', async () => {
    const p = `${prefix}d:`;
    const cap = await captureBefore({ url: SHARED_URL, match: [`${p}*`] });
    // Fixed-window layout whose "window start" is the request time: every request gets a new counter.
    for (let i = 0; i < 8; i++) {
      const k = `${p}ip:192.0.2.4:${Date.now() + i}`;
      await shared.client.incr(k);
      await shared.client.pexpire(k, WINDOW_MS);
    }
    const res = await cap.finish({ requests: 8, admitted: 8, identities: 1, limit: LIMIT, windowMs: WINDOW_MS });
    const codes = res.findings.map((f) => f.code);
    assert.ok(codes.includes('REDIS_PROBE_KEYS_PER_IDENTITY'), codes.join());
    assert.ok(codes.includes('REDIS_MANY_KEYS_PER_IDENTITY'), codes.join());
  });

  test('admitted but not recorded (fail-open): REDIS_PROBE_COUNT_MISMATCH; nothing at all: REDIS_PROBE_NO_KEYS', async () => {
    const p = `${prefix}e:`;
    const cap = await captureBefore({ url: SHARED_URL, match: [`${p}*`] });
    for (let i = 0; i < 3; i++) await hit(shared.client, `${p}ip:192.0.2.5`);
    const res = await cap.finish({ requests: 8, admitted: 8, identities: 1, limit: 10, windowMs: WINDOW_MS });
    const f = res.findings.find((x) => x.code === 'REDIS_PROBE_COUNT_MISMATCH');
    assert.ok(f && f.severity === 'warn');
    assert.match(f.message, /recorded 3 requests.*expected the 8 admitted requests/);

    const empty = await captureBefore({ url: SHARED_URL, match: [`${prefix}nothing:*`] });
    const none = await empty.finish({ requests: 5, admitted: 5, identities: 1, limit: 10, windowMs: WINDOW_MS });
    assert.deepEqual(none.findings.map((x) => x.code), ['REDIS_PROBE_NO_KEYS']);
  });

  test('cleanupCreated deletes exactly the created keys', async () => {
    const p = `${prefix}f:`;
    await hit(shared.client, `${p}ip:192.0.2.6`);
    const cap = await captureBefore({ url: SHARED_URL, match: [`${p}*`] });
    await hit(shared.client, `${p}ip:192.0.2.6`);
    await hit(shared.client, `${p}ip:192.0.2.7`);
    const res = await cap.finish({ requests: 2, admitted: 2, identities: 2, limit: LIMIT, windowMs: WINDOW_MS });
    const created = (res.keys as ChangedKey[]).filter((k) => k.change === 'created').map((k) => k.key);
    assert.deepEqual(created, [`${p}ip:192.0.2.7`]);
    assert.equal(await cleanupCreated(SHARED_URL, created), 1);
    assert.equal(await shared.client.exists(`${p}ip:192.0.2.7`), 0);
    assert.equal(await shared.client.exists(`${p}ip:192.0.2.6`), 1);
  });
});

describe('probe join: one key per configured limit (Kong second/minute/hour)', () => {
  const srv = suiteRedis();

  test('only the keys of the declared window are compared with the traffic', async () => {
    const cap = await captureBefore({ url: srv.url, match: ['ratelimit:*'] });
    const route = '6c7c3d5e-0a3b-4a57-9a2f-3c8f1e2d4b5a';
    const service = '00000000-0000-0000-0000-000000000000';
    // Kong increments every configured period's key for each request (policies/init.lua).
    for (let i = 0; i < 4; i++) {
      const now = Date.now();
      const p = srv.admin.pipeline();
      for (const [period, ms] of [['second', 1000], ['minute', 60_000], ['hour', 3_600_000]] as const) {
        p.eval(KONG_INCREMENT, 1, `ratelimit:${route}:${service}:192.0.2.60:${Math.floor(now / ms) * ms}:${period}`, '1', String(ms / 1000));
      }
      await p.exec();
    }
    const res = await cap.finish({ requests: 4, admitted: 4, identities: 1, limit: 10, windowMs: 60_000 });
    const minute = (res.keys as ChangedKey[]).find((k) => k.key.endsWith(':minute'));
    assert.equal(minute?.countDelta, 4);
    assert.ok((res.keys as ChangedKey[]).length >= 3);
    const codes = res.findings.filter((f) => f.severity !== 'info').map((f) => f.code);
    assert.deepEqual(codes, [], JSON.stringify(res.findings));
  });
});
