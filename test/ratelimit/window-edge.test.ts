import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runProbe } from '../../src/ratelimit/probe.js';
import { codes, explain, findingOf, probeConfig, STORES, withTarget } from './helpers.js';

const WINDOW = 2000;
const LIMIT = 5;

/**
 * Starts the probe ~300 ms before an epoch-aligned window edge of the target's fixed window; with
 * 40 ms per request the 12-request stream (~500 ms) straddles the edge with room on both sides.
 */
async function probeAcrossEdge(url: string, algorithm: 'fixed' | 'sliding') {
  const into = Date.now() % WINDOW;
  await sleep((WINDOW - 300 - into + WINDOW) % WINDOW);
  return runProbe(probeConfig(url, { limit: LIMIT, windowMs: WINDOW, count: 12, algorithm }));
}

for (const store of STORES) {
  describe(`fixed-window target across a window edge (${store} store)`, () => {
    test('fixed window declared: ~2× the limit across the edge is PASS with WINDOW_EDGE_BURST noted', async () => {
      await withTarget(store, { publicLimit: LIMIT, windowMs: WINDOW, algorithm: 'fixed', latencyMs: 40 }, async (t) => {
        const r = await probeAcrossEdge(`${t.url}/api/v1/services`, 'fixed');
        const admitted = r.timeline.filter((e) => e.status === 200).length;
        assert.ok(admitted > LIMIT, `the stream must straddle an edge (admitted ${admitted})\n${explain(r)}`);
        assert.equal(r.verdict, 'pass', explain(r));
        assert.ok(codes(r).includes('WINDOW_EDGE_BURST'), explain(r));
      });
    });

    test('"at most N in any window" (sliding) declared: the same behaviour is FAIL SLIDING_WINDOW_VIOLATED', async () => {
      await withTarget(store, { publicLimit: LIMIT, windowMs: WINDOW, algorithm: 'fixed', latencyMs: 40 }, async (t) => {
        const r = await probeAcrossEdge(`${t.url}/api/v1/services`, 'sliding');
        assert.equal(r.verdict, 'fail', explain(r));
        assert.ok(codes(r).includes('SLIDING_WINDOW_VIOLATED'), explain(r));
      });
    });
  });
}

describe('fixed window: an early limit caused by budget used before the probe, with the edge inside the probe', () => {
  test('fixed declared: reported as PRIOR_CONSUMPTION, not blamed; unknown declared: FAIL LIMITED_TOO_EARLY', async () => {
    for (const algorithm of ['fixed', 'unknown'] as const) {
      await withTarget('memory', { publicLimit: LIMIT, windowMs: WINDOW, algorithm: 'fixed', latencyMs: 40, faults: ['no-rate-headers'] }, async (t) => {
        const url = `${t.url}/api/v1/services`;
        // Another client (the same address) uses 3 of 5 early in a window; the probe starts near its end.
        const into = Date.now() % WINDOW;
        await sleep((WINDOW + 100 - into) % WINDOW);
        for (let i = 0; i < 3; i++) await fetch(url).then((r) => r.arrayBuffer());
        await sleep(Math.max(0, WINDOW - 300 - (Date.now() % WINDOW)));
        const r = await runProbe(probeConfig(url, { limit: LIMIT, windowMs: WINDOW, count: 12, algorithm }));
        const statuses = r.timeline.map((e) => e.status);
        assert.ok(statuses.indexOf(429) < LIMIT && statuses.lastIndexOf(200) > statuses.indexOf(429), `the edge must fall inside the stream: ${statuses.join(' ')}`);
        if (algorithm === 'fixed') {
          assert.equal(r.verdict, 'pass', explain(r));
          assert.match(findingOf(r, 'PRIOR_CONSUMPTION').message, /window edge/);
        } else {
          assert.equal(r.verdict, 'fail', explain(r));
          assert.ok(codes(r).includes('LIMITED_TOO_EARLY'), explain(r));
        }
      });
    }
  });
});
