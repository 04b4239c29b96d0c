import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { inspectRedis } from '../../src/redis/inspect.js';
import { cleanupCreated } from '../../src/redis/cleanup.js';
import { watchCommands } from '../../src/redis/forensics/watch.js';
import { parseRedisUrl } from '../../src/redis/url.js';
import { UserError } from '../../src/errors.js';
import { freePort, runCli, startRedis, type PrivateRedis } from './helpers.js';

const PASSWORD = 'pw-Zq81-never-print';

/** The user sees exactly one line on stderr: `limitprobe: <message>`, no stack trace. */
function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.length > 0);
  assert.equal(lines.length, 1, `one line on stderr, got:\n${stderr}`);
  assert.match(lines[0], /^limitprobe: /);
  return lines[0];
}

describe('connection failures end in one clear line, exit 2, no password', () => {
  let srv: PrivateRedis;
  before(async () => {
    srv = await startRedis([], PASSWORD);
    await srv.admin.set('rl:192.0.2.1', '3', 'PX', 60_000);
  });
  after(async () => {
    await srv.stop();
  });

  test('wrong password', async () => {
    const r = await runCli(['inspect', '--redis', `redis://:wrong-${PASSWORD}@127.0.0.1:${srv.port}`]);
    assert.equal(r.code, 2);
    assert.match(oneLine(r.stderr), new RegExp(`Redis at 127\\.0\\.0\\.1:${srv.port}: authentication failed for the default user: wrong username or password`));
    assert.ok(!r.stderr.includes(PASSWORD) && !r.stdout.includes(PASSWORD), 'password never printed');
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
  });

  test('missing password', async () => {
    const r = await runCli(['inspect', '--redis', `redis://127.0.0.1:${srv.port}`]);
    assert.equal(r.code, 2);
    assert.match(oneLine(r.stderr), new RegExp(`Redis at 127\\.0\\.0\\.1:${srv.port}: the server requires a password`));
  });

  test('right password: report shows the URL redacted', async () => {
    const r = await runCli(['inspect', '--redis', `redis://:${PASSWORD}@127.0.0.1:${srv.port}`, '--match', 'rl:*', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.redis, `redis://:***@127.0.0.1:${srv.port}`);
    assert.equal(report.keys[0].key, 'rl:192.0.2.1');
    assert.ok(!r.stdout.includes(PASSWORD));
  });

  test('unreachable port: refused, quickly, exit 2', async () => {
    const port = await freePort();
    const r = await runCli(['inspect', '--redis', `redis://127.0.0.1:${port}`], 20_000);
    assert.equal(r.code, 2);
    assert.match(oneLine(r.stderr), new RegExp(`Redis at 127\\.0\\.0\\.1:${port}: connection refused`));
  });

  test('bad URLs: one line naming the flag, the value and what is valid', async () => {
    const cases: Array<[string, RegExp]> = [
      ['not a url', /--redis: invalid Redis URL "not a url"; use redis:\/\/\[user:password@\]host\[:port\]\[\/db\]/],
      ['redis://127.0.0.1:99999', /--redis: invalid port|--redis: invalid Redis URL/],
      ['redis://127.0.0.1:6379/zero', /--redis: invalid database index "zero"/],
      [`redis://:${PASSWORD}@127.0.0.1:6379/x`, /--redis: invalid database index "x" in redis:\/\/:\*\*\*@127\.0\.0\.1:6379\/x/],
    ];
    for (const [url, re] of cases) {
      const r = await runCli(['inspect', '--redis', url]);
      assert.equal(r.code, 2, url);
      assert.match(oneLine(r.stderr), re);
      assert.ok(!r.stderr.includes(PASSWORD), 'password never printed');
    }
  });

  test('bad flags name the flag and what is valid', async () => {
    const bad = await runCli(['inspect', '--redis', 'http://127.0.0.1:6379']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--redis: unsupported scheme "http".*use redis:\/\/ or rediss:\/\//);
    const lib = await runCli(['inspect', '--redis', 'redis://127.0.0.1:1', '--library', 'nope']);
    assert.equal(lib.code, 2);
    assert.match(lib.stderr, /--library: unknown library "nope"; use auto or one of: .*express-rate-limit/);
    const win = await runCli(['inspect', '--redis', 'redis://127.0.0.1:1', '--window', 'soon']);
    assert.match(win.stderr, /--window: invalid duration "soon"/);
  });

  test('URL parsing and redaction', () => {
    const t = parseRedisUrl('rediss://ops:s%40cret@[::1]:6380/3');
    assert.deepEqual({ ...t }, { host: '::1', port: 6380, username: 'ops', password: 's@cret', db: 3, tls: true, redacted: 'rediss://ops:***@[::1]:6380/3' });
    assert.throws(() => parseRedisUrl('redis://h:6379/x'), (e) => e instanceof UserError && /database index "x"/.test(e.message));
  });
});

describe('a server that accepts but never answers does not hang the inspector', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  before(async () => {
    server = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  test('CLI: exit 2 with one "timed out" line, within the connect bound', async () => {
    const port = (server.address() as { port: number }).port;
    const r = await runCli(['inspect', '--redis', `redis://127.0.0.1:${port}`], 30_000);
    assert.equal(r.code, 2, 'ended on its own (not killed by the 30 s guard)');
    assert.match(oneLine(r.stderr), new RegExp(`Redis at 127\\.0\\.0\\.1:${port}: timed out`));
  });

  test('times out with a clear message', async () => {
    const port = (server.address() as { port: number }).port;
    await assert.rejects(
      inspectRedis({ url: `redis://127.0.0.1:${port}`, limits: { connectTimeoutMs: 500, commandTimeoutMs: 500 } }),
      (e: unknown) => e instanceof UserError && e.exitCode === 2 && new RegExp(`Redis at 127\\.0\\.0\\.1:${port}: timed out`).test(e.message),
    );
  });
});

describe('read-only ACL user', () => {
  let srv: PrivateRedis;
  const RO = 'ro-pass-77';
  before(async () => {
    srv = await startRedis();
    // What inspect needs: +@read (SCAN, TYPE, PTTL, GET, HLEN, HGETALL, ZCARD, ZRANGE, LLEN, LINDEX, SCARD, DBSIZE).
    await srv.admin.call('ACL', 'SETUSER', 'inspector', 'on', `>${RO}`, '~*', '-@all', '+@read');
    // --watch also needs MONITOR; a non-zero db index needs SELECT.
    await srv.admin.call('ACL', 'SETUSER', 'watcher', 'on', `>${RO}`, '~*', '-@all', '+@read', '+monitor', '+select');
    await srv.admin.eval("redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], 60000)", 1, 'rl:192.0.2.77');
    await srv.admin.select(2);
    await srv.admin.set('rl:192.0.2.78', '1');
    await srv.admin.select(0);
  });
  after(async () => {
    await srv.stop();
  });

  test('ACL SETUSER … on >pw ~* +@read -@write: inspect works, CLI exit 0', async () => {
    await srv.admin.call('ACL', 'SETUSER', 'readonly', 'on', `>${RO}`, '~*', '+@read', '-@write');
    const url = `redis://readonly:${RO}@127.0.0.1:${srv.port}`;
    const r = await runCli(['inspect', '--redis', url, '--match', 'rl:*', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.keys.map((k: { key: string; library: string; count: number }) => [k.key, k.library, k.count]), [['rl:192.0.2.77', 'express-rate-limit', 1]]);
    assert.equal(report.redis, `redis://readonly:***@127.0.0.1:${srv.port}`);
    assert.ok(!r.stdout.includes(RO));
  });

  test('+@read is enough to inspect; writes are refused to that user', async () => {
    const url = `redis://inspector:${RO}@127.0.0.1:${srv.port}`;
    const report = await inspectRedis({ url, match: ['rl:*'] });
    assert.equal(report.keys.length, 1);
    assert.equal(report.keys[0].library, 'express-rate-limit');
    assert.equal(report.keys[0].count, 1);
    await assert.rejects(cleanupCreated(url, ['rl:192.0.2.77']), /NOPERM/);
    assert.equal(await srv.admin.get('rl:192.0.2.77'), '1', 'key untouched');
  });

  test('db index needs +select: clear message otherwise', async () => {
    await assert.rejects(inspectRedis({ url: `redis://inspector:${RO}@127.0.0.1:${srv.port}/2`, match: ['rl:*'] }), (e: unknown) =>
      e instanceof UserError && /user "inspector" lacks a permission.*'select'/.test(e.message),
    );
    const report = await inspectRedis({ url: `redis://watcher:${RO}@127.0.0.1:${srv.port}/2`, match: ['rl:*'] });
    assert.deepEqual(report.keys.map((k) => [k.key, k.findings]), [['rl:192.0.2.78', ['REDIS_KEY_NO_TTL']]]);
  });

  test('--watch needs +monitor: refused with a clear message, allowed with it', async () => {
    await assert.rejects(watchCommands(`redis://inspector:${RO}@127.0.0.1:${srv.port}`, 200, async () => undefined), (e: unknown) =>
      e instanceof UserError && /lacks a permission.*'monitor'/.test(e.message),
    );
    const rep = await watchCommands(`redis://watcher:${RO}@127.0.0.1:${srv.port}`, 2000, async () => {
      await srv.admin.eval("redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], 60000)", 1, 'rl:192.0.2.79');
    });
    assert.equal(rep.requests, 1);
    assert.equal(rep.atomic, true);
  });
});
