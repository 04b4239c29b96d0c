import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeRetryAfter, parseRetryAfter } from '../../src/ratelimit/retry-after.js';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const code = (raw: string | undefined, windowMs: number) => judgeRetryAfter(parseRetryAfter(raw, NOW), windowMs, 'r')?.code ?? null;

test('valid delay-seconds and HTTP-date', () => {
  assert.deepEqual(parseRetryAfter('30', NOW), { raw: '30', seconds: 30, kind: 'seconds' });
  const date = new Date(NOW + 20_000).toUTCString();
  const p = parseRetryAfter(date, NOW)!;
  assert.equal(p.kind, 'http-date');
  assert.equal(p.seconds, 20);
  assert.equal(code('30', 60_000), null);
  assert.equal(code(date, 60_000), null);
  assert.equal(code('0', 60_000), null);
});

test('missing Retry-After is a warning', () => {
  const f = judgeRetryAfter(null, 60_000, 'request 21 (429)')!;
  assert.equal(f.code, 'RETRY_AFTER_MISSING');
  assert.equal(f.severity, 'warn');
});

test('each invalid form gets its own failing code', () => {
  assert.equal(code('-5', 60_000), 'RETRY_AFTER_NEGATIVE');
  assert.equal(code('1.5', 60_000), 'RETRY_AFTER_FRACTIONAL');
  assert.equal(code('1500', 2_000), 'RETRY_AFTER_MILLISECONDS');
  assert.equal(code('60000', 60_000), 'RETRY_AFTER_MILLISECONDS');
  assert.equal(code('1735732800', 60_000), 'RETRY_AFTER_EPOCH');
  assert.equal(code('3600', 60_000), 'RETRY_AFTER_TOO_LONG');
  assert.equal(code('soon', 60_000), 'RETRY_AFTER_INVALID');
  assert.equal(code(new Date(NOW + 3_600_000).toUTCString(), 60_000), 'RETRY_AFTER_TOO_LONG');
  assert.equal(judgeRetryAfter(parseRetryAfter('-5', NOW), 60_000, 'r')?.severity, 'fail');
});

test('a window rounded up to whole seconds (plus one for second-granular clocks) is not too long; twice a short window is', () => {
  assert.equal(code('2', 1_500), null);
  assert.equal(code('2', 1_000), null);
  assert.equal(code('3', 2_000), null);
  assert.equal(code('3', 1_000), 'RETRY_AFTER_TOO_LONG');
  assert.equal(code('4', 2_000), 'RETRY_AFTER_TOO_LONG');
  assert.equal(code('66', 60_000), null);
  assert.equal(code('67', 60_000), 'RETRY_AFTER_TOO_LONG');
});
