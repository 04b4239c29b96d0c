import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeHeaders } from '../../src/ratelimit/rules/headers.js';
import { judgeRetryAfter, parseRetryAfter } from '../../src/ratelimit/retry-after.js';
import { selectStrategies, timeBudgetMs } from '../../src/ratelimit/select.js';
import { burstShape } from '../../src/ratelimit/strategies/concurrent.js';
import { verdictOf } from '../../src/ratelimit/verdict.js';
import { finding } from '../../src/ratelimit/codes.js';
import { storeDownIn, healthStylePath } from '../../src/ratelimit/route-evidence.js';
import type { Policy, TimelineEntry } from '../../src/ratelimit/types.js';

const POLICY: Policy = { limit: 5, windowMs: 60_000, algorithm: 'unknown', limitedStatus: 429, scope: 'ip', failOpenAllowed: false, priorRequests: 0 };

function entry(index: number, remaining: number, resetSeconds: number, status = 200): TimelineEntry {
  const limits = { dialect: 'draft6' as const, limit: 5, remaining, resetSeconds, resetKind: 'delta-seconds' as const, windowSeconds: 60 };
  return { index, strategy: 'sequential', identity: 'A', method: 'GET', sendOffsetMs: index * 10, status, latencyMs: 2, limits, allLimits: [limits], retryAfter: null, outcome: status === 200 ? 'admitted' : 'limited' };
}

test('Remaining going negative is a finding', () => {
  const codes = judgeHeaders([entry(1, 4, 60), entry(2, -1, 60, 429)], POLICY, true).map((f) => f.code);
  assert.ok(codes.includes('REMAINING_NEGATIVE'));
});

test('Remaining rising long before the advertised reset is a finding; after the reset it is not', () => {
  const rose = judgeHeaders([entry(1, 3, 60), entry(2, 4, 60)], POLICY, true).map((f) => f.code);
  assert.ok(rose.includes('REMAINING_ROSE_WITHOUT_RESET'));
  const afterReset = judgeHeaders([entry(1, 3, 0), entry(2, 4, 60)], POLICY, true).map((f) => f.code);
  assert.ok(!afterReset.includes('REMAINING_ROSE_WITHOUT_RESET'));
  // Out-of-order answers (concurrency) are not judged for rises.
  assert.ok(!judgeHeaders([entry(1, 3, 60), entry(2, 4, 60)], POLICY, false).some((f) => f.code === 'REMAINING_ROSE_WITHOUT_RESET'));
});

test('declared limit disagreeing with the advertised one is a finding naming both', () => {
  const f = judgeHeaders([entry(1, 4, 60)], { ...POLICY, limit: 10 }, true).find((x) => x.code === 'DECLARED_LIMIT_MISMATCH');
  assert.deepEqual(f?.evidence, { declared: 10, advertised: 5 });
});

test('Retry-After in milliseconds is recognised with a corroborating reset header, whatever its size', () => {
  const NOW = Date.UTC(2025, 0, 1);
  // 3600 on a 60 s window: an hour without corroboration, 3.6 s in ms when the reset says ~4 s.
  assert.equal(judgeRetryAfter(parseRetryAfter('3600', NOW), 60_000, 'r')?.code, 'RETRY_AFTER_TOO_LONG');
  assert.equal(judgeRetryAfter(parseRetryAfter('3600', NOW), 60_000, 'r', 4)?.code, 'RETRY_AFTER_MILLISECONDS');
  assert.equal(judgeRetryAfter(parseRetryAfter('45000', NOW), 60_000, 'r', 45)?.code, 'RETRY_AFTER_MILLISECONDS');
});

test('verdict order: blocking beats fail beats inconclusive; PASS needs evidence', () => {
  const pass = finding('LIMIT_ENFORCED', 'seen');
  const fail = finding('LIMITED_WRONG_STATUS', 'bad');
  const block = finding('ROUTE_APPEARS_EXEMPT', 'exempt');
  assert.equal(verdictOf([pass]).verdict, 'pass');
  assert.equal(verdictOf([pass, fail]).verdict, 'fail');
  assert.equal(verdictOf([pass, fail, block]).verdict, 'inconclusive');
  assert.equal(verdictOf([]).verdict, 'inconclusive');
  assert.equal(verdictOf([finding('RETRY_AFTER_MISSING', 'w')]).verdict, 'inconclusive');
});

test('strategy selection follows the declared policy; an explicit list brings the stream it needs', () => {
  const base = { concurrency: 1, recover: false, scope: 'user' as const };
  assert.deepEqual(selectStrategies(base), ['sequential']);
  assert.deepEqual(selectStrategies({ ...base, scope: 'ip' }), ['sequential', 'identity']);
  assert.deepEqual(selectStrategies({ ...base, concurrency: 40, recover: true, origin: 'http://a.example', otherHeaders: { authorization: 'x' } }), ['sequential', 'identity', 'recovery', 'concurrent', 'browser']);
  assert.deepEqual(selectStrategies({ ...base, strategies: ['recovery'] }), ['sequential', 'recovery']);
  assert.deepEqual(selectStrategies({ ...base, strategies: ['concurrent'] }), ['concurrent']);
  assert.ok(timeBudgetMs({ windowMs: 60_000 }, ['sequential', 'recovery']) >= 4 * 60_000);
});

test('burst shape: C in flight when given, 2 × limit at once otherwise', () => {
  assert.deepEqual(burstShape({ concurrency: 40, count: 25, limit: 20 }), { total: 40, inFlight: 40 });
  assert.deepEqual(burstShape({ concurrency: 5, count: 25, limit: 20 }), { total: 25, inFlight: 5 });
  assert.deepEqual(burstShape({ concurrency: 1, count: 25, limit: 20 }), { total: 40, inFlight: 40 });
});

test('health-style paths and store-down health bodies', () => {
  for (const p of ['/health', '/healthz', '/api/v1/status', '/metrics', '/ready']) assert.ok(healthStylePath(p), p);
  for (const p of ['/api/v1/services', '/api/v1/statuses-feed', '/login']) assert.equal(healthStylePath(p), null, p);
  assert.equal(storeDownIn('{"status":"degraded","services":{"rate_limiter":"unavailable"}}'), 'rate_limiter: unavailable');
  assert.equal(storeDownIn('{"status":"healthy","services":{"rate_limiter":"redis"}}'), null);
  assert.equal(storeDownIn('<html>'), null);
});
