import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { watchCommands } from '../../src/redis/forensics/watch.js';
import { runCli, startRedis, type PrivateRedis, suiteRedis } from './helpers.js';
import { KONG_INCREMENT } from './fixtures/library-scripts.js';

/*
 * Limiters driven by the test itself against a private redis-server (MONITOR sees everything on a
 * server, so the shared one is left alone), then classified from what MONITOR recorded.
 */
const INCR_SCRIPT = `local h = redis.call('INCR', KEYS[1]) local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1])) end return h`;
const SLIDING_SCRIPT = `redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, tonumber(ARGV[1]) - 60000)
if redis.call('ZCARD', KEYS[1]) >= 10 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[1] .. '-' .. ARGV[2]) redis.call('PEXPIRE', KEYS[1], 60000) return 1`;

describe('forensics: MONITOR classification of real limiter traffic', () => {
  const srv = suiteRedis();

  test('EVALSHA limiter: atomic, one command per request, fixed window counter', async () => {
    const sha = String(await srv.admin.script('LOAD', INCR_SCRIPT));
    const rep = await watchCommands(srv.url, 10_000, async () => {
      for (let i = 0; i < 5; i++) await srv.admin.evalsha(sha, 1, 'atomic:rl:192.0.2.1', '60000');
    }, { match: ['atomic:*'] });
    assert.equal(rep.requests, 5);
    assert.equal(rep.commandsPerRequest, 1);
    assert.equal(rep.atomic, true);
    assert.equal(rep.mechanism, 'lua script');
    assert.equal(rep.algorithm, 'fixed window counter');
    assert.deepEqual(rep.findings.map((f) => f.code), ['REDIS_LIMITER_ATOMIC']);
  });

  test('INCR then separate EXPIRE: not atomic, lost-TTL risk with evidence', async () => {
    const rep = await watchCommands(srv.url, 10_000, async () => {
      for (let i = 0; i < 5; i++) {
        const n = await srv.admin.incr('naive:rl:192.0.2.2');
        if (n === 1) await srv.admin.expire('naive:rl:192.0.2.2', 60);
      }
    }, { match: ['naive:*'] });
    assert.equal(rep.requests, 5);
    assert.equal(rep.limiterCommands, 6);
    assert.equal(rep.commandsPerRequest, 1.2);
    assert.equal(rep.atomic, false);
    assert.equal(rep.mechanism, 'separate commands');
    const f = rep.findings.find((x) => x.code === 'REDIS_NON_ATOMIC_EXPIRE');
    assert.ok(f && f.severity === 'warn', JSON.stringify(rep.findings));
    assert.match(rep.evidence.join('\n'), /INCR naive:rl:192\.0\.2\.2\n.*EXPIRE naive:rl:192\.0\.2\.2/);
  });

  test('GET then SET: check-then-act race is fail-grade', async () => {
    const rep = await watchCommands(srv.url, 10_000, async () => {
      for (let i = 0; i < 4; i++) {
        const cur = Number((await srv.admin.get('racy:rl:192.0.2.3')) ?? 0);
        if (cur < 10) await srv.admin.set('racy:rl:192.0.2.3', String(cur + 1), 'EX', 60);
      }
    }, { match: ['racy:*'] });
    assert.equal(rep.requests, 4);
    assert.equal(rep.commandsPerRequest, 2);
    assert.equal(rep.atomic, false);
    const f = rep.findings.find((x) => x.code === 'REDIS_CHECK_THEN_ACT');
    assert.ok(f && f.severity === 'fail');
    assert.match(f.message, /4 of 4 requests .*GET then SET/);
  });

  test('a read, then a script that increments (Kong usage GET + EVAL): check-then-act', async () => {
    const k = 'ratelimit:6c7c3d5e-0a3b-4a57-9a2f-3c8f1e2d4b5a:00000000-0000-0000-0000-000000000000:192.0.2.7:1764806400000:minute';
    const rep = await watchCommands(srv.url, 10_000, async () => {
      for (let i = 0; i < 3; i++) {
        const used = Number((await srv.admin.get(k)) ?? 0);
        if (used < 10) await srv.admin.pipeline().eval(KONG_INCREMENT, 1, k, '1', '60').exec();
      }
    }, { match: ['ratelimit:*'] });
    assert.equal(rep.requests, 3);
    assert.equal(rep.atomic, false);
    assert.equal(rep.mechanism, 'mixed');
    const f = rep.findings.find((x) => x.code === 'REDIS_CHECK_THEN_ACT');
    assert.ok(f && f.severity === 'fail', JSON.stringify(rep.findings));
    assert.match(f.message, /3 of 3 requests .*GET then EVAL/);
  });

  test('MULTI/EXEC is atomic; a sliding-log script is recognised as such', async () => {
    const tx = await watchCommands(srv.url, 10_000, async () => {
      for (let i = 0; i < 3; i++) await srv.admin.multi().incr('tx:rl:192.0.2.4').expire('tx:rl:192.0.2.4', 60).exec();
    }, { match: ['tx:*'] });
    assert.equal(tx.requests, 3);
    assert.equal(tx.atomic, true);
    assert.equal(tx.mechanism, 'transaction');

    const sl = await watchCommands(srv.url, 10_000, async () => {
      for (let i = 0; i < 3; i++) await srv.admin.eval(SLIDING_SCRIPT, 1, 'zs:rl:192.0.2.5', String(Date.now()), String(i));
    });
    assert.equal(sl.atomic, true);
    assert.equal(sl.algorithm, 'sliding log (ZSET of timestamps)');
    assert.deepEqual(sl.sampleKeys, ['zs:rl:192.0.2.5']);
  });

  test('inspect --watch exits 1 on a check-then-act limiter and never prints values', async () => {
    const cli = runCli(['inspect', '--redis', srv.url, '--watch', '3s', '--match', 'cli:*', '--json']);
    // MONITOR must be attached before the traffic: wait for its client to appear.
    for (let i = 0; i < 100; i++) {
      const list = String(await srv.admin.call('CLIENT', 'LIST'));
      if (/cmd=monitor/.test(list)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    for (let i = 0; i < 3; i++) {
      const cur = Number((await srv.admin.get('cli:rl:192.0.2.6')) ?? 0);
      await srv.admin.set('cli:rl:192.0.2.6', String(cur + 1), 'EX', 60);
    }
    await srv.admin.set('cli:secret', 'token-Hk29-value');
    const r = await cli;
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.forensics.atomic, false);
    assert.ok(report.forensics.findings.some((f: { code: string }) => f.code === 'REDIS_CHECK_THEN_ACT'));
    assert.ok(!r.stdout.includes('token-Hk29-value'));
  });
});

/*
 * The embedded target's own Redis store (src/target/limiter/redis-store.ts, another engineer's
 * module): its Lua path must classify as atomic and its `race` fault as check-then-act. Loaded
 * dynamically and loosely typed so this suite does not pin that module's internal API at compile time.
 */
interface TargetStore {
  consume(req: { scope: string; identity: string; limit: number }): Promise<{ allowed: boolean }>;
  close(): Promise<void>;
}
type OpenStore = (config: Record<string, unknown>, opts: { url: string; keyPrefix: string }) => Promise<TargetStore>;

describe('forensics: the embedded target store', () => {
  let srv: PrivateRedis;
  let open: OpenStore | undefined;
  before(async () => {
    srv = await startRedis();
    const mod = (await import('../../src/target/limiter/redis-store.js').catch(() => undefined)) as { RedisStore?: { open: OpenStore } } | undefined;
    open = mod?.RedisStore?.open.bind(mod.RedisStore);
  });
  after(async () => {
    await srv.stop();
  });

  for (const algorithm of ['sliding', 'fixed']) {
    test(`${algorithm}: Lua store is atomic, race fault is not`, async (t) => {
      if (!open) return t.skip('src/target/limiter/redis-store.js not built');
      for (const race of [false, true]) {
        const store = await open({ algorithm, windowMs: 60_000, race, lostExpire: false }, { url: srv.url, keyPrefix: `limitprobe:rl:${algorithm}${race}:` });
        try {
          const rep = await watchCommands(srv.url, 20_000, async () => {
            for (let i = 0; i < 4; i++) await store.consume({ scope: 'ip', identity: '192.0.2.9', limit: 3 });
          }, { match: [`limitprobe:rl:${algorithm}${race}:*`] });
          assert.equal(rep.atomic, !race, JSON.stringify(rep));
          if (race) assert.ok(rep.findings.some((f) => f.code === 'REDIS_CHECK_THEN_ACT'), JSON.stringify(rep.findings));
          else assert.equal(rep.requests, 4);
          assert.match(rep.algorithm ?? '', algorithm === 'sliding' ? /sliding log/ : /fixed window counter/);
        } finally {
          await store.close();
        }
      }
    });
  }
});
