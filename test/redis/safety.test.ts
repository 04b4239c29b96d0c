import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { inspectRedis } from '../../src/redis/inspect.js';
import { captureBefore, type ChangedKey } from '../../src/redis/probe-join.js';
import { cleanupCreated } from '../../src/redis/cleanup.js';
import { startRedis, type PrivateRedis } from './helpers.js';
import { fixtures } from './fixtures/library-writers.js';

/*
 * Read-only by default, checked from the server's side: a second connection MONITORs a private
 * redis-server while the inspector runs, and every command the inspector's connection sent must be
 * one of the read-only commands the issue allows. KEYS is never among them.
 */
const ALLOWED = new Set(['SCAN', 'TYPE', 'PTTL', 'STRLEN', 'GETRANGE', 'HLEN', 'HGETALL', 'ZCARD', 'ZRANGE', 'LLEN', 'LINDEX', 'SCARD', 'DBSIZE', 'QUIT', 'SELECT', 'AUTH', 'PING']);

async function commandsDuring(srv: PrivateRedis, work: () => Promise<void>): Promise<string[]> {
  const mon: Redis = await srv.admin.duplicate().monitor();
  const seen: Array<{ cmd: string; source: string }> = [];
  mon.on('monitor', (_t: string, args: string[], source: string) => seen.push({ cmd: String(args[0]).toUpperCase(), source }));
  const admin = String(await srv.admin.client('ID'));
  try {
    await work();
    await new Promise((r) => setTimeout(r, 200)); // the last lines are still in flight
  } finally {
    mon.disconnect();
  }
  // Lines from our own fixture client are not the inspector's.
  const adminAddr = String(await srv.admin.call('CLIENT', 'LIST', 'ID', admin)).match(/addr=(\S+)/)?.[1];
  return seen.filter((s) => s.source !== adminAddr).map((s) => s.cmd);
}

describe('safety: the inspector only reads', () => {
  let srv: PrivateRedis;
  before(async () => {
    srv = await startRedis();
    for (const [i, f] of fixtures().entries()) await f.write(srv.admin, `203.0.113.${i}`);
  });
  after(async () => {
    await srv.stop();
  });

  test('inspect (every default pattern, every key type) sends read-only commands, SCAN not KEYS', async () => {
    let keys = 0;
    const cmds = await commandsDuring(srv, async () => {
      keys = (await inspectRedis({ url: srv.url })).keys.length;
    });
    assert.ok(keys >= fixtures().length, `all fixture keys inspected (${keys})`);
    const used = [...new Set(cmds)].sort();
    assert.ok(used.includes('SCAN'), used.join());
    assert.ok(!used.includes('KEYS'), 'never KEYS');
    assert.deepEqual(used.filter((c) => !ALLOWED.has(c)), [], `only read-only commands; used ${used.join(', ')}`);
  });

  test('the probe join reads only; cleanupCreated deletes exactly the keys it is given, one DEL each', async () => {
    const cap = await captureBefore({ url: srv.url, match: ['probe:*'] });
    await srv.admin.set('probe:a', '1', 'PX', 60_000);
    await srv.admin.set('probe:b', '1', 'PX', 60_000);
    let created: string[] = [];
    const joinCmds = await commandsDuring(srv, async () => {
      const res = await cap.finish({ requests: 2, admitted: 2, identities: 2, limit: 10, windowMs: 60_000 });
      created = (res.keys as ChangedKey[]).filter((k) => k.change === 'created').map((k) => k.key).sort();
    });
    assert.deepEqual(created, ['probe:a', 'probe:b']);
    assert.deepEqual([...new Set(joinCmds)].filter((c) => !ALLOWED.has(c)), []);
    const before = Number(await srv.admin.dbsize());
    const delCmds = await commandsDuring(srv, async () => {
      assert.equal(await cleanupCreated(srv.url, ['probe:a']), 1);
    });
    assert.deepEqual(delCmds.filter((c) => !ALLOWED.has(c)), ['DEL']);
    assert.equal(Number(await srv.admin.dbsize()), before - 1);
    assert.equal(await srv.admin.exists('probe:b'), 1, 'keys not named are untouched');
  });
});
