import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mixPicker } from '../../src/runner/mix.js';

test('picks follow the weights (chi-square at p = 0.001)', () => {
  const weights = [1, 3, 6, 0.5];
  const total = weights.reduce((a, b) => a + b, 0);
  const n = 200_000;
  const pick = mixPicker(weights, 12345);
  const seen = weights.map(() => 0);
  for (let i = 0; i < n; i++) seen[pick()]++;
  let chi2 = 0;
  weights.forEach((w, i) => {
    const expected = (n * w) / total;
    chi2 += (seen[i] - expected) ** 2 / expected;
  });
  // 3 degrees of freedom: the 0.999 quantile of chi-square is 16.27.
  assert.ok(chi2 < 16.27, `chi-square ${chi2.toFixed(2)} for counts ${seen.join(', ')}`);
});

test('a weight-less single entry is always picked; same seed, same sequence; another seed, another', () => {
  const one = mixPicker([5], 1);
  assert.deepEqual(Array.from({ length: 5 }, one), [0, 0, 0, 0, 0]);
  const seq = (seed: number) => {
    const p = mixPicker([1, 1, 1], seed);
    return Array.from({ length: 50 }, p).join('');
  };
  assert.equal(seq(7), seq(7));
  assert.notEqual(seq(7), seq(8));
});
