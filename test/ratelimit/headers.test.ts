import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLimitHeaders, readReset, selectLimits } from '../../src/ratelimit/headers.js';

const NOW = 1_700_000_000_000;

test('legacy X-RateLimit-* with epoch-seconds reset', () => {
  const [h] = parseLimitHeaders({ 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '7', 'x-ratelimit-reset': String(NOW / 1000 + 30) }, NOW);
  assert.equal(h.dialect, 'legacy');
  assert.equal(h.limit, 20);
  assert.equal(h.remaining, 7);
  assert.equal(h.resetKind, 'epoch-seconds');
  assert.equal(h.resetSeconds, 30);
});

test('reset kinds: delta seconds, epoch seconds, epoch milliseconds, float delta', () => {
  assert.deepEqual(readReset('42', NOW), { seconds: 42, kind: 'delta-seconds' });
  assert.deepEqual(readReset(String(NOW + 5000), NOW), { seconds: 5, kind: 'epoch-ms' });
  assert.deepEqual(readReset(String(NOW / 1000 + 12), NOW), { seconds: 12, kind: 'epoch-seconds' });
  assert.deepEqual(readReset('1.5', NOW), { seconds: 1.5, kind: 'delta-seconds' });
  assert.equal(readReset('soon', NOW), null);
});

test('IETF draft 06 RateLimit-* with policy window', () => {
  const all = parseLimitHeaders({ 'ratelimit-limit': '100', 'ratelimit-remaining': '99', 'ratelimit-reset': '60', 'ratelimit-policy': '100;w=60' }, NOW);
  assert.equal(all.length, 1);
  assert.deepEqual(all[0], { dialect: 'draft6', limit: 100, remaining: 99, resetSeconds: 60, resetKind: 'delta-seconds', windowSeconds: 60 });
});

test('IETF draft 07 combined RateLimit field', () => {
  const [h] = parseLimitHeaders({ ratelimit: 'limit=100, remaining=50, reset=30', 'ratelimit-policy': '100;w=60' }, NOW);
  assert.deepEqual(h, { dialect: 'draft7', limit: 100, remaining: 50, resetSeconds: 30, resetKind: 'delta-seconds', windowSeconds: 60 });
});

test('IETF draft 08 with several policies; selection prefers the declared limit, else the most constraining', () => {
  const headers = {
    'ratelimit-policy': '"burst";q=10;w=1, "daily";q=1000;w=86400',
    ratelimit: '"burst";r=3;t=1, "daily";r=990;t=40000',
  };
  const all = parseLimitHeaders(headers, NOW);
  assert.equal(all.length, 2);
  const burst = all.find((h) => h.policy === 'burst')!;
  assert.deepEqual(burst, { dialect: 'draft8', policy: 'burst', limit: 10, remaining: 3, resetSeconds: 1, resetKind: 'delta-seconds', windowSeconds: 1 });
  assert.equal(selectLimits(all, 1000)?.policy, 'daily');
  assert.equal(selectLimits(all, 50)?.policy, 'burst');
});

test('draft 08 policy-only header still yields the quota', () => {
  const [h] = parseLimitHeaders({ ratelimit: '"user";r=0;t=5', 'ratelimit-policy': '"user";q=100;w=60;pk=:abc=:' }, NOW);
  assert.equal(h.limit, 100);
  assert.equal(h.remaining, 0);
  assert.equal(h.windowSeconds, 60);
});

test('Kong per-period headers', () => {
  const all = parseLimitHeaders({ 'x-ratelimit-limit-minute': '5', 'x-ratelimit-remaining-minute': '4', 'x-ratelimit-limit-hour': '100', 'x-ratelimit-remaining-hour': '90', 'ratelimit-reset': '20' }, NOW);
  const kong = all.filter((h) => h.dialect === 'kong');
  assert.deepEqual(kong.map((h) => [h.policy, h.limit, h.remaining, h.windowSeconds]), [['minute', 5, 4, 60], ['hour', 100, 90, 3600]]);
  assert.equal(selectLimits(all, 7)?.policy, 'minute');
});

test('no headers → nothing; selection of nothing is null', () => {
  assert.deepEqual(parseLimitHeaders({ 'content-type': 'application/json' }, NOW), []);
  assert.equal(selectLimits([], 5), null);
});

test('standard dialect wins over the legacy copy of the same policy', () => {
  const all = parseLimitHeaders({ 'ratelimit-limit': '20', 'ratelimit-remaining': '5', 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '5' }, NOW);
  assert.equal(selectLimits(all, 20)?.dialect, 'draft6');
});
