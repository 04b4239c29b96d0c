import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runProbe } from '../../src/ratelimit/probe.js';
import { codes, explain, freePort, probeConfig, REDIS_URL, withTarget } from './helpers.js';

describe('probe joined with the Redis limiter state', () => {
  test('lost-expire on Redis: NO_RECOVERY over HTTP and the key without TTL in Redis', async () => {
    await withTarget('redis', { publicLimit: 3, windowMs: 1000, faults: ['lost-expire'] }, async (t, prefix) => {
      const r = await runProbe(probeConfig(t.url + '/api/v1/services', { limit: 3, windowMs: 1000, count: 5 }, ['recovery']), { url: REDIS_URL, match: [`${prefix}*`] });
      assert.equal(r.verdict, 'fail', explain(r));
      assert.ok(codes(r).includes('NO_RECOVERY'), explain(r));
      assert.ok(codes(r).includes('REDIS_KEY_NO_TTL'), explain(r));
      assert.deepEqual(r.redis?.keys.map((k) => (k as { key: string }).key), [`${prefix}ip:127.0.0.1`]);
    });
  });

  test('race on Redis with watch: the split read/write is seen in MONITOR and the burst over-admits', async () => {
    await withTarget('redis', { publicLimit: 5, windowMs: 2000, faults: ['race'] }, async (t, prefix) => {
      const r = await runProbe(probeConfig(t.url + '/api/v1/services', { concurrency: 10 }, ['concurrent']), { url: REDIS_URL, match: [`${prefix}*`], watch: true });
      assert.equal(r.verdict, 'fail', explain(r));
      assert.ok(codes(r).includes('CONCURRENT_OVER_LIMIT'), explain(r));
      assert.ok(codes(r).includes('REDIS_CHECK_THEN_ACT'), explain(r));
      assert.equal((r.redis?.forensics as { atomic: boolean }).atomic, false);
    });
  });

  test('correct target with watch: atomic script, PASS', async () => {
    await withTarget('redis', { publicLimit: 5, windowMs: 2000 }, async (t, prefix) => {
      const r = await runProbe(probeConfig(t.url + '/api/v1/services'), { url: REDIS_URL, match: [`${prefix}*`], watch: true });
      assert.equal(r.verdict, 'pass', explain(r));
      assert.equal((r.redis?.forensics as { atomic: boolean }).atomic, true);
    });
  });

  test('Redis for the join unreachable: a warning, and the HTTP verdict still stands', async () => {
    const port = await freePort();
    await withTarget('memory', { publicLimit: 5, windowMs: 2000 }, async (t) => {
      const r = await runProbe(probeConfig(t.url + '/api/v1/services'), { url: `redis://127.0.0.1:${port}` });
      assert.equal(r.verdict, 'pass', explain(r));
      assert.equal(r.redis?.findings[0].code, 'REDIS_PROBE_UNAVAILABLE');
      assert.equal(r.redis?.findings[0].severity, 'warn');
    });
  });
});
