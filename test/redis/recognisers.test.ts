import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { inspectRedis, type InspectReport } from '../../src/redis/inspect.js';
import { startRedis, sharedClient, SHARED_URL, uniqueTag, type PrivateRedis } from './helpers.js';

/*
 * Each fixture writes keys with the same commands, in the same order and with the same arguments
 * as the library does (its Lua re-expressed as EVAL, or its pipelined commands), then checks that
 * inspect recognises, summarises and judges them. A second identity is written the same way and
 * then loses its TTL (PERSIST), which must be flagged.
 */

const WINDOW_MS = 60_000;
const LIMIT = 10;

interface Fixture {
  library: string;
  algorithm: RegExp;
  /** Write the keys for one identity; returns the key names written. */
  write(r: Redis, id: string): Promise<string[]>;
  /** What the summary of the first key must say. */
  summary: RegExp;
  count?: number;
  noTtlCode?: string;
}

// rate-limit-redis increment: INCR, PTTL, PEXPIRE when no TTL.
const ERL = `local h = redis.call('INCR', KEYS[1]) local t = redis.call('PTTL', KEYS[1])
if t < 0 or ARGV[1] == '1' then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2])) t = tonumber(ARGV[2]) end return {h, t}`;
// rate-limiter-flexible: SET 0 EX NX, INCRBY, PTTL, EXPIRE if -1.
const RLFLX = `redis.call('set', KEYS[1], 0, 'EX', ARGV[2], 'NX') local c = redis.call('incrby', KEYS[1], ARGV[1])
local t = redis.call('pttl', KEYS[1]) if t == -1 then redis.call('expire', KEYS[1], ARGV[2]) t = 1000 * ARGV[2] end return {c, t}`;
// @upstash/ratelimit fixed window: INCRBY, PEXPIRE on first.
const UP_FIXED = `local r = redis.call('INCRBY', KEYS[1], ARGV[2]) if r == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return r`;
// @upstash/ratelimit sliding window: GET current, GET previous, check, INCRBY, PEXPIRE 2w+1s on first.
const UP_SLIDING = `local cur = tonumber(redis.call('GET', KEYS[1]) or '0') local prev = tonumber(redis.call('GET', KEYS[2]) or '0')
local w = tonumber(ARGV[3]) local p = (tonumber(ARGV[2]) % w) / w prev = math.floor((1 - p) * prev)
if prev + cur >= tonumber(ARGV[1]) then return -1 end
local v = redis.call('INCRBY', KEYS[1], 1) if v == 1 then redis.call('PEXPIRE', KEYS[1], w * 2 + 1000) end return tonumber(ARGV[1]) - (v + prev)`;
// @upstash/ratelimit token bucket: HMGET, refill, HSET, PEXPIRE.
const UP_BUCKET = `local b = redis.call('HMGET', KEYS[1], 'refilledAt', 'tokens') local max = tonumber(ARGV[1]) local iv = tonumber(ARGV[2])
local rate = tonumber(ARGV[3]) local now = tonumber(ARGV[4]) local at, tok
if b[1] == false then at = now tok = max else at = tonumber(b[1]) tok = tonumber(b[2]) end
if now >= at + iv then local n = math.floor((now - at) / iv) tok = math.min(max, tok + n * rate) at = at + n * iv end
if tok == 0 then return {-1, at + iv} end local rem = tok - 1 local exp = math.ceil((max - rem) / rate) * iv
redis.call('HSET', KEYS[1], 'refilledAt', at, 'tokens', rem) redis.call('PEXPIRE', KEYS[1], exp) return {rem, at + iv}`;
// Python limits incr_expire.lua: INCR, EXPIRE on first.
const PY_FIXED = `local c = redis.call('incr', KEYS[1]) if tonumber(c) == 1 then redis.call('expire', KEYS[1], ARGV[1]) end return c`;
// Python limits acquire_moving_window.lua: LINDEX limit-amount, check, LPUSH, LTRIM 0 limit, EXPIRE.
const PY_MOVING = `local amount = tonumber(ARGV[4]) local e = redis.call('lindex', KEYS[1], tonumber(ARGV[2]) - amount)
local ts = tonumber(ARGV[1]) local exp = tonumber(ARGV[3]) if e and tonumber(e) >= ts - exp then return false end
redis.call('lpush', KEYS[1], ts) redis.call('ltrim', KEYS[1], 0, tonumber(ARGV[2])) redis.call('expire', KEYS[1], exp) return true`;
// Python limits acquire_sliding_window.lua (first window: no shift): GET/PTTL both, check, SET PX 2·expiry or INCRBY.
const PY_SLIDING = `local limit = tonumber(ARGV[1]) local exp = tonumber(ARGV[2]) * 1000
local pc = tonumber(redis.call('get', KEYS[1])) or 0 local pt = tonumber(redis.call('pttl', KEYS[1])) or 0
local cc = tonumber(redis.call('get', KEYS[2])) or 0 if pt < 0 then pt = 0 end
if math.floor(pc * pt / exp) + cc + 1 > limit then return false end
if redis.call('exists', KEYS[2]) == 1 then redis.call('incrby', KEYS[2], 1) else redis.call('set', KEYS[2], 1, 'PX', exp * 2) end return true`;
// fastapi-limiter: GET; below limit INCR, else PTTL; first hit SET 1 PX.
const FASTAPI = `local cur = tonumber(redis.call('get', KEYS[1]) or '0') if cur > 0 then
if cur + 1 > tonumber(ARGV[1]) then return redis.call('PTTL', KEYS[1]) else redis.call('INCR', KEYS[1]) return 0 end
else redis.call('SET', KEYS[1], 1, 'px', ARGV[2]) return 0 end`;
// go-redis/redis_rate allowN (GCRA): TIME, GET tat, SET new tat EX ceil(reset_after).
const GCRA = `local burst = tonumber(ARGV[1]) local rate = tonumber(ARGV[2]) local period = tonumber(ARGV[3]) local cost = tonumber(ARGV[4])
local ei = period / rate local inc = ei * cost local bo = ei * burst local now = redis.call('TIME')
now = (now[1] - 1483228800) + (now[2] / 1000000) local tat = redis.call('GET', KEYS[1])
if not tat then tat = now else tat = tonumber(tat) end tat = math.max(tat, now) local nt = tat + inc
local rem = math.floor((now - (nt - bo)) / ei + 0.5) if rem >= 0 then redis.call('SET', KEYS[1], nt, 'EX', math.ceil(nt - now)) return rem end return -1`;
// Traefik token bucket: HGETALL, compute, HSET last tokens, EXPIRE ttl.
const TRAEFIK = `local limit, burst, ttl, t = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local src = redis.call('hgetall', KEYS[1]) local last, tokens = 0, 0 if #src == 4 then last = tonumber(src[2]) tokens = tonumber(src[4]) end
if t < last then last = t end tokens = math.min(tokens + limit * (t - last), burst) - 1
redis.call('hset', KEYS[1], 'last', t, 'tokens', tokens) redis.call('expire', KEYS[1], ttl) return tostring(tokens)`;

const nowMs = () => Date.now();

function fixtures(): Fixture[] {
  return [
    {
      library: 'express-rate-limit',
      algorithm: /fixed window/,
      async write(r, id) {
        const k = `rl:${id}`;
        for (let i = 0; i < 12; i++) await r.eval(ERL, 1, k, '0', String(WINDOW_MS));
        return [k];
      },
      summary: /count 12/,
      count: 12,
    },
    {
      library: 'rate-limiter-flexible',
      algorithm: /fixed window/,
      async write(r, id) {
        const k = `rlflx:${id}`;
        for (let i = 0; i < 3; i++) await r.eval(RLFLX, 1, k, '1', '60');
        return [k];
      },
      summary: /points consumed 3/,
      count: 3,
      noTtlCode: 'REDIS_KEY_NO_TTL_OPTIONAL',
    },
    {
      library: 'upstash-ratelimit',
      algorithm: /fixed or sliding/,
      async write(r, id) {
        const k = `@upstash/ratelimit:${id}:${Math.floor(nowMs() / WINDOW_MS)}`;
        for (let i = 0; i < 4; i++) await r.eval(UP_FIXED, 1, k, String(WINDOW_MS), '1');
        return [k];
      },
      summary: /count 4 \(current window\)/,
      count: 4,
    },
    {
      library: 'upstash-ratelimit',
      algorithm: /sliding window \(counter pair\)/,
      async write(r, id) {
        const w = Math.floor(nowMs() / WINDOW_MS);
        const cur = `@upstash/ratelimit:${id}:${w}`;
        const prev = `@upstash/ratelimit:${id}:${w - 1}`;
        for (let i = 0; i < 5; i++) await r.eval(UP_SLIDING, 2, cur, prev, String(LIMIT), String(nowMs()), String(WINDOW_MS));
        return [cur];
      },
      summary: /count 5 \(current window\)/,
      count: 5,
    },
    {
      library: 'upstash-ratelimit',
      algorithm: /token bucket/,
      async write(r, id) {
        const k = `@upstash/ratelimit:${id}`;
        for (let i = 0; i < 3; i++) await r.eval(UP_BUCKET, 1, k, String(LIMIT), String(WINDOW_MS), String(LIMIT), String(nowMs()));
        return [k];
      },
      summary: /tokens left 7/,
    },
    {
      library: 'python-limits',
      algorithm: /^fixed window$/,
      async write(r, id) {
        const k = `LIMITS:LIMITER/${id}/login/10/1/minute`;
        for (let i = 0; i < 11; i++) await r.eval(PY_FIXED, 1, k, '60');
        return [k];
      },
      summary: /count 11/,
      count: 11,
    },
    {
      library: 'python-limits',
      algorithm: /moving window/,
      async write(r, id) {
        const k = `LIMITS:LIMITER/${id}/search/10/1/minute`;
        for (let i = 0; i < 4; i++) await r.eval(PY_MOVING, 1, k, String(nowMs() / 1000), '10', '60', '1');
        return [k];
      },
      summary: /4 timestamps, oldest .* ago, newest .* ago/,
      count: 4,
    },
    {
      library: 'python-limits',
      algorithm: /sliding window counter/,
      async write(r, id) {
        const base = `LIMITER/${id}/upload/10/1/minute`;
        const cur = `LIMITS:{${base}}`;
        const prev = `LIMITS:{${base}}/-1`;
        for (let i = 0; i < 6; i++) await r.eval(PY_SLIDING, 2, prev, cur, '10', '60', '1');
        return [cur];
      },
      summary: /current window count 6/,
      count: 6,
    },
    {
      library: 'fastapi-limiter',
      algorithm: /fixed window/,
      async write(r, id) {
        const k = `fastapi-limiter:${id}:/items:0:0`;
        // times=3: the counter must stop at 3 even after 5 requests.
        for (let i = 0; i < 5; i++) await r.eval(FASTAPI, 1, k, '3', String(WINDOW_MS));
        return [k];
      },
      summary: /count 3/,
      count: 3,
    },
    {
      library: 'redis_rate',
      algorithm: /GCRA/,
      async write(r, id) {
        const k = `rate:${id}`;
        // 10 per 60 s, burst 10: four requests leave 10 − 4 = 6.
        for (let i = 0; i < 4; i++) await r.eval(GCRA, 1, k, '10', '10', '60', '1');
        return [k];
      },
      summary: /budget left 6\/10/,
    },
    {
      library: 'traefik',
      algorithm: /token bucket/,
      async write(r, id) {
        const k = `rate:mw@file:${id}`;
        // 10 per minute in tokens per µs, burst 10, ttl 60 s.
        for (let i = 0; i < 3; i++) await r.eval(TRAEFIK, 1, k, String(10 / 60e6), '10', '60', String(nowMs() * 1000));
        return [k];
      },
      // 10 − 3 requests; the refill over a few ms is < 0.01 token.
      summary: /tokens 7, last request/,
    },
    {
      library: 'rack-attack',
      algorithm: /epoch-aligned/,
      async write(r, id) {
        const period = 60;
        const epoch = Math.floor(nowMs() / 1000);
        const k = `rack::attack:${Math.floor(epoch / period)}:req/ip:${id}`;
        // Rails RedisCacheStore#increment: INCRBY then EXPIRE expires_in, pipelined.
        for (let i = 0; i < 7; i++) await r.pipeline().incrby(k, 1).expire(k, period - (epoch % period) + 1).exec();
        return [k];
      },
      summary: /count 7 \(window #\d+\)/,
      count: 7,
    },
    {
      library: 'kong',
      algorithm: /calendar minute/,
      async write(r, id) {
        const start = Math.floor(nowMs() / 60_000) * 60_000;
        const k = `ratelimit:6c7c3d5e-0a3b-4a57-9a2f-3c8f1e2d4b5a:00000000-0000-0000-0000-000000000000:${id}:${start}:minute`;
        for (let i = 0; i < 2; i++) {
          const exists = await r.exists(k);
          await r.incrby(k, 1);
          if (!exists) await r.expire(k, 60);
        }
        return [k];
      },
      summary: /count 2 \(minute\)/,
      count: 2,
    },
    {
      library: 'envoy-ratelimit',
      algorithm: /epoch-aligned/,
      async write(r, id) {
        const start = Math.floor(nowMs() / 60_000) * 60;
        const k = `edge_remote_address_${id}_${start}`;
        for (let i = 0; i < 3; i++) await r.pipeline().incrby(k, 1).expire(k, 60).exec();
        return [k];
      },
      summary: /count 3/,
      count: 3,
    },
    {
      library: 'spring-cloud-gateway',
      algorithm: /token bucket/,
      async write(r, id) {
        const tokens = `request_rate_limiter.{${id}}.tokens`;
        const ts = `request_rate_limiter.{${id}}.timestamp`;
        // request_rate_limiter.lua ends with SETEX of both keys, ttl = floor(2 · capacity / rate).
        const ttl = Math.floor((2 * 10) / (10 / 60));
        await r.setex(tokens, ttl, '9');
        await r.setex(ts, ttl, String(Math.floor(nowMs() / 1000)));
        return [tokens, ts];
      },
      summary: /tokens left 9/,
    },
    {
      library: 'django-ratelimit',
      algorithm: /jittered/,
      async write(r, id) {
        const k = `:1:rl:${createHash('sha256').update(`grp10/60s${id}123`).digest('hex')}`;
        // cache.add(key, 0, period + 5) then cache.incr(key) per request.
        for (let i = 0; i < 2; i++) {
          await r.set(k, '0', 'EX', 65, 'NX');
          await r.incr(k);
        }
        return [k];
      },
      summary: /count 2 \(hashed key\)/,
      count: 2,
    },
  ];
}

describe('recognisers: library layouts on a private redis-server', () => {
  let srv: PrivateRedis;
  before(async () => {
    srv = await startRedis();
  });
  after(async () => {
    await srv.stop();
  });

  let n = 0;
  for (const f of fixtures()) {
    n++;
    test(`${f.library}: ${f.algorithm.source} recognised, summarised, lost TTL flagged`, async () => {
      await srv.admin.flushdb(); // private server: ours alone
      const okKeys = await f.write(srv.admin, `198.51.100.${n}`);
      const leakKeys = await f.write(srv.admin, `198.51.100.${n + 100}`);
      for (const k of leakKeys) await srv.admin.persist(k);

      const report = await inspectRedis({ url: srv.url, library: 'auto', declared: { limit: LIMIT, windowMs: WINDOW_MS } });
      const row = report.keys.find((k) => k.key === okKeys[0]);
      assert.ok(row, `key ${okKeys[0]} listed; got ${report.keys.map((k) => k.key).join(', ')}`);
      assert.equal(row.library, f.library);
      assert.match(row.algorithm ?? '', f.algorithm);
      assert.match(row.summary, f.summary);
      if (f.count !== undefined) assert.equal(row.count, f.count);
      assert.ok(row.pttlMs > 0 && row.pttlMs <= 2 * WINDOW_MS + 60_000, `TTL set (${row.pttlMs})`);
      assert.deepEqual(row.findings.filter((c) => c.includes('TTL')), [], 'healthy key has no TTL finding');

      const leak = report.keys.find((k) => k.key === leakKeys[0]);
      assert.ok(leak);
      assert.equal(leak.ttl, 'none');
      const code = f.noTtlCode ?? 'REDIS_KEY_NO_TTL';
      assert.ok(leak.findings.includes(code), `lost TTL flagged ${code}; got ${leak.findings}`);
      assert.equal(report.verdict, code === 'REDIS_KEY_NO_TTL' ? 'fail' : 'pass');
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
    await srv.admin.zadd('custom:log', nowMs() - 5000, 'a', nowMs(), 'b');
    const report: InspectReport = await inspectRedis({ url: srv.url, match: ['session:*', 'custom:*'] });
    const s = report.keys.find((k) => k.key === 'session:abc')!;
    assert.equal(s.library, null);
    assert.ok(!JSON.stringify(report).includes('super-secret'), 'string contents never printed');
    assert.ok(s.findings.includes('REDIS_UNKNOWN_KEY_NO_TTL'));
    const z = report.keys.find((k) => k.key === 'custom:log')!;
    assert.match(z.summary, /^2 entries, oldest 5(\.\d+)?s ago/);
  });
});

describe('recogniser: limitprobe target layout on the shared 6379 (unique prefix)', () => {
  const tag = uniqueTag();
  const prefix = `limitprobe:rl:${tag}:`;
  let shared: Awaited<ReturnType<typeof sharedClient>>;
  before(async () => {
    shared = await sharedClient(prefix);
  });
  after(async () => {
    await shared.cleanup();
  });

  // The target's sliding store: trim, count, add `<nowMs>-<seq>` scored by ms, PEXPIRE window.
  const SLIDING = `redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, tonumber(ARGV[1]) - tonumber(ARGV[2]))
local n = redis.call('ZCARD', KEYS[1]) if n >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[1] .. '-' .. ARGV[4]) redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1`;

  test('sliding ZSET and fixed STRING keys recognised; lost TTL flagged', async () => {
    const r = shared.client;
    const z = `${prefix}ip:192.0.2.50`;
    for (let i = 0; i < 4; i++) await r.eval(SLIDING, 1, z, String(nowMs()), String(WINDOW_MS), String(LIMIT), String(i));
    const start = Math.floor(nowMs() / WINDOW_MS) * WINDOW_MS;
    const f = `${prefix}user:alice:${start}`;
    for (let i = 0; i < 3; i++) {
      const c = await r.incr(f);
      if (c === 1) await r.pexpire(f, WINDOW_MS);
    }
    const leak = `${prefix}ip:::1`;
    await r.zadd(leak, nowMs(), `${nowMs()}-0`);

    const report = await inspectRedis({ url: SHARED_URL, match: [`${prefix}*`], declared: { limit: LIMIT, windowMs: WINDOW_MS } });
    const zs = report.keys.find((k) => k.key === z)!;
    assert.equal(zs.library, 'limitprobe-target');
    assert.equal(zs.algorithm, 'sliding log');
    assert.equal(zs.identity, 'ip:192.0.2.50');
    assert.equal(zs.count, 4);
    assert.match(zs.summary, /^4 entries, oldest .* ago, newest .* ago$/);
    const fx = report.keys.find((k) => k.key === f)!;
    assert.equal(fx.algorithm, 'fixed window');
    assert.equal(fx.identity, 'user:alice');
    assert.equal(fx.count, 3);
    const lk = report.keys.find((k) => k.key === leak)!;
    assert.equal(lk.identity, 'ip:::1');
    assert.deepEqual(lk.findings, ['REDIS_KEY_NO_TTL']);
    assert.equal(report.verdict, 'fail');
  });
});
