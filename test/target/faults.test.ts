import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTarget, type FaultName, type RunningTarget, type TargetOptions } from '../../src/target/index.js';
import { ORIGIN, REDIS_URL, RedisProbe, call, callMany, closedPort, concurrently, countStatus, statuses, uniquePrefix } from './helpers.js';

const SERVICES = '/api/v1/services';
type Store = 'memory' | 'redis';

/** A target with limit 5 per `windowMs` on the given store; Redis keys under a prefix only this test uses. */
async function withFaults(store: Store, faults: FaultName[], fn: (t: RunningTarget, prefix: string) => Promise<void>, opts: TargetOptions = {}): Promise<void> {
  const prefix = uniquePrefix('faults');
  const t = await startTarget({ port: 0, quiet: true, publicLimit: 5, windowMs: 2000, faults, ...(store === 'redis' ? { redis: REDIS_URL, keyPrefix: prefix } : {}), ...opts });
  const probe = store === 'redis' ? new RedisProbe() : null;
  try {
    await fn(t, prefix);
  } finally {
    await t.close();
    if (probe) {
      await probe.cleanup(prefix);
      await probe.close();
    }
  }
}

for (const store of ['memory', 'redis'] as const) {
  describe(`target fault modes behave as described (${store} store)`, () => {
    it('race: a concurrent burst is over-admitted', async () => {
      await withFaults(store, ['race'], async (t) => {
        const answers = await concurrently(t.url, SERVICES, 10);
        assert.ok(countStatus(answers, 200) > 5, `admitted ${countStatus(answers, 200)} of 10 with limit 5`);
      });
    });

    it('no fault: the same burst admits exactly the limit', async () => {
      await withFaults(store, [], async (t) => {
        assert.equal(countStatus(await concurrently(t.url, SERVICES, 10), 200), 5);
      });
    });

    it('lost-expire: still limited long after the window', async () => {
      await withFaults(store, ['lost-expire'], async (t, prefix) => {
        await callMany(t.url, SERVICES, 6);
        await sleep(1300);
        assert.equal((await call(t.url, SERVICES)).status, 429);
        if (store === 'redis') {
          const probe = new RedisProbe();
          try {
            const keys = await probe.keys(prefix);
            assert.equal(keys.length, 1);
            assert.equal(await probe.redis.pttl(keys[0]), -1);
          } finally {
            await probe.close();
          }
        }
      }, { windowMs: 1000 });
    });

    for (const [fault, status] of [['status-503', 503], ['status-403', 403]] as const) {
      it(`${fault}: limited answers are ${status} with Retry-After`, async () => {
        await withFaults(store, [fault], async (t) => {
          const answers = await callMany(t.url, SERVICES, 6);
          assert.deepEqual(statuses(answers), [200, 200, 200, 200, 200, status]);
          assert.ok(Number(answers[5].headers['retry-after']) >= 1);
        });
      });
    }

    it('error-body-200: limited answers are 200 with {"success":false}', async () => {
      await withFaults(store, ['error-body-200'], async (t) => {
        const sixth = (await callMany(t.url, SERVICES, 6))[5];
        assert.equal(sixth.status, 200);
        assert.equal(JSON.parse(sixth.body).success, false);
      });
    });

    it('retry-after-ms: Retry-After is the reset in milliseconds', async () => {
      await withFaults(store, ['retry-after-ms'], async (t) => {
        const sixth = (await callMany(t.url, SERVICES, 6))[5];
        const ra = Number(sixth.headers['retry-after']);
        const resetS = Number(sixth.headers['ratelimit-reset']);
        assert.ok(ra > 100 && ra <= 2000, `Retry-After ${ra}`);
        assert.ok(Math.abs(ra / 1000 - resetS) <= 1, `Retry-After ${ra} vs reset ${resetS}s`);
      });
    });

    it('retry-after-negative: Retry-After is negative', async () => {
      await withFaults(store, ['retry-after-negative'], async (t) => {
        const sixth = (await callMany(t.url, SERVICES, 6))[5];
        assert.ok(Number(sixth.headers['retry-after']) < 0);
      });
    });

    it('no-cors-on-429: the 429 lacks Access-Control-Allow-Origin, the 200s have it', async () => {
      await withFaults(store, ['no-cors-on-429'], async (t) => {
        const answers = await callMany(t.url, SERVICES, 6, { Origin: ORIGIN });
        assert.equal(answers[0].headers['access-control-allow-origin'], ORIGIN);
        assert.equal(answers[5].status, 429);
        assert.equal(answers[5].headers['access-control-allow-origin'], undefined);
      });
    });

    it('spoofable-ip: a new X-Forwarded-For value gets a fresh budget', async () => {
      await withFaults(store, ['spoofable-ip'], async (t) => {
        await callMany(t.url, SERVICES, 6);
        assert.equal((await call(t.url, SERVICES)).status, 429);
        assert.equal((await call(t.url, SERVICES, { headers: { 'X-Forwarded-For': '203.0.113.9' } })).status, 200);
      });
    });

    it('no fault: X-Forwarded-For is ignored without --trust-proxy', async () => {
      await withFaults(store, [], async (t) => {
        await callMany(t.url, SERVICES, 6);
        assert.equal((await call(t.url, SERVICES, { headers: { 'X-Forwarded-For': '203.0.113.9' } })).status, 429);
      });
    });

    it('no-rate-headers: no limit headers at all, Retry-After still on the 429', async () => {
      await withFaults(store, ['no-rate-headers'], async (t) => {
        const answers = await callMany(t.url, SERVICES, 6);
        for (const a of answers) assert.ok(!Object.keys(a.headers).some((k) => /ratelimit/.test(k)), Object.keys(a.headers).join());
        assert.ok(answers[5].headers['retry-after']);
      });
    });

    it('preflight-consumes: five preflights use up the budget of five', async () => {
      await withFaults(store, ['preflight-consumes'], async (t) => {
        for (let i = 0; i < 5; i++) {
          const pre = await call(t.url, SERVICES, { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' } });
          assert.equal(pre.status, 204);
        }
        assert.equal((await call(t.url, SERVICES, { headers: { Origin: ORIGIN } })).status, 429);
      });
    });
  });
}

describe('fail-open needs a failing store (Redis unreachable)', () => {
  it('fail-open: every request admitted while Redis is down', async () => {
    const port = await closedPort();
    const t = await startTarget({ port: 0, quiet: true, publicLimit: 2, redis: `redis://127.0.0.1:${port}`, faults: ['fail-open'] });
    try {
      assert.deepEqual(statuses(await callMany(t.url, SERVICES, 4)), [200, 200, 200, 200]);
    } finally {
      await t.close();
    }
  });

  it('no fault: 503 while Redis is down (fail closed)', async () => {
    const port = await closedPort();
    const t = await startTarget({ port: 0, quiet: true, publicLimit: 2, redis: `redis://127.0.0.1:${port}` });
    try {
      assert.deepEqual(statuses(await callMany(t.url, SERVICES, 3)), [503, 503, 503]);
    } finally {
      await t.close();
    }
  });
});
