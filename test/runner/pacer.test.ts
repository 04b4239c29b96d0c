import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArrivalSchedule } from '../../src/runner/pacer.js';

const times = (s: ArrivalSchedule): number[] => {
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const t = s.timeOf(k);
    if (t === null) return out;
    out.push(t);
  }
};

test('a constant rate gives evenly spaced arrivals, not a burst at the start of each second', () => {
  const t = times(ArrivalSchedule.constant(200, 2000));
  assert.equal(t.length, 400);
  for (let k = 0; k < t.length; k++) assert.ok(Math.abs(t[k] - k * 5) < 1e-9, `arrival ${k} at ${t[k]} ms, expected ${k * 5}`);
  // In any 100 ms slice there are exactly 20 arrivals.
  for (let start = 0; start < 2000; start += 100) assert.equal(t.filter((x) => x >= start && x < start + 100).length, 20);
});

test('a linear ramp 0 → 100 req/s over 2 s places arrival k at sqrt(k / 25) s', () => {
  // N(t) = ∫ 50u du = 25 t², so arrival k is due at t = sqrt(k/25).
  const t = times(new ArrivalSchedule([{ durationMs: 2000, target: 100 }], 0));
  assert.equal(t.length, 100);
  t.forEach((ms, k) => assert.ok(Math.abs(ms - Math.sqrt(k / 25) * 1000) < 1e-6, `arrival ${k}`));
});

test('stages chain: the second starts at the first one\'s target; counts match the area under the rate', () => {
  const s = new ArrivalSchedule([{ durationMs: 1000, target: 100 }, { durationMs: 1000, target: 100 }, { durationMs: 1000, target: 0 }], 0);
  // Areas: 50 + 100 + 50.
  assert.equal(s.totalArrivals, 200);
  const t = times(s);
  assert.equal(t.filter((x) => x < 1000).length, 50);
  assert.equal(t.filter((x) => x >= 1000 && x < 2000).length, 100);
  assert.equal(t.filter((x) => x >= 2000).length, 50);
  for (let k = 1; k < t.length; k++) assert.ok(t[k] > t[k - 1], 'strictly increasing');
  assert.equal(s.rateAt(500), 50);
  assert.equal(s.rateAt(1500), 100);
  assert.equal(s.rateAt(2750), 25);
});
