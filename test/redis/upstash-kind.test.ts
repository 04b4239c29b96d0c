import { test } from 'node:test';
import assert from 'node:assert/strict';
import { upstashRatelimit } from '../../src/redis/recognisers/upstash-ratelimit.js';
import type { KeyState } from '../../src/redis/key-state.js';

/*
 * @upstash/ratelimit fixed and sliding keys share one shape; their expiry tells them apart (fixed:
 * first hit + w; sliding: first hit + 2w + 1 s, src/lua-scripts/single.ts). A fixed key outlives its
 * bucket when its first hit came late in it, so "previous bucket" alone does not mean sliding.
 */
const W = 60_000;

function state(index: number, pttlMs: number, nowMs: number): KeyState {
  return { key: `@upstash/ratelimit:u1:${index}`, node: 'n', type: 'string', value: '3', pttlMs, readAtMs: nowMs };
}

test('a fixed key from the previous bucket is still fixed; a sliding one is sliding', () => {
  const now = 1_800_000_000_000 + 10_000; // 10 s into bucket 30 000 000
  const cur = Math.floor(now / W);
  const ctx = { nowMs: now, declared: { limit: 10, windowMs: W } };
  // Fixed, first hit 20 s before the end of the previous bucket: it expires w later, 40 s into the current one.
  const fixedPrev = upstashRatelimit.recognise(state(cur - 1, (cur * W - 20_000 + W) - now, now), ctx)!;
  assert.equal(fixedPrev.algorithm, 'fixed window');
  assert.equal(fixedPrev.countsRejected, true);
  assert.equal(fixedPrev.count, undefined, 'a finished bucket is not this window’s count');
  // Sliding, first hit at the same moment: expires first hit + 2w + 1 s.
  const slidingPrev = upstashRatelimit.recognise(state(cur - 1, (cur * W - 20_000 + 2 * W + 1000) - now, now), ctx)!;
  assert.equal(slidingPrev.algorithm, 'sliding window (counter pair)');
  assert.equal(slidingPrev.countsRejected, false);
  // Current bucket, first hit now: fixed w, sliding 2w + 1 s.
  assert.equal(upstashRatelimit.recognise(state(cur, W, now), ctx)!.algorithm, 'fixed window');
  assert.equal(upstashRatelimit.recognise(state(cur, 2 * W + 1000, now), ctx)!.algorithm, 'sliding window (counter pair)');
  assert.equal(upstashRatelimit.recognise(state(cur, W, now), ctx)!.count, 3);
});
