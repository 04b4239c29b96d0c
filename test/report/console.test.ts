import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderConsole } from '../../src/report/console.js';
import { evaluateThresholds, parseThresholds } from '../../src/thresholds/index.js';
import { nearestRank, phase, range, requestStats, runResult } from './fixture.js';
import { sampleRun } from './sample-run.js';

// 1..1000 µs once each, and 1001..2000: stored exactly (< 2048 µs), so percentiles are nearest-rank values.
const FAST = range(1, 1000);
const SLOW = range(1001, 2000);

function run() {
  const p = phase({
    name: 'flood',
    requests: [
      requestStats({ name: 'home', latencies: { '2xx': FAST, '429': [5, 6, 7] }, errors: { ECONNRESET: 4 } }),
      requestStats({ name: 'analytics', latencies: { '2xx': SLOW } }),
    ],
    checks: [{ name: 'status 200', passed: false, message: 'expected 200, got 429 on 3 of 1003' }],
    verdict: 'fail',
    reason: '1 check failed',
  });
  p.thresholds = evaluateThresholds(parseThresholds({ 'latency{request:home}': ['p(99)<0.5ms'] }, 't'), p);
  return runResult('demo', [p], 'fail');
}

const row = (out: string, first: string, second: string) => out.split('\n').find((l) => new RegExp(`│ ${first}\\s+│ ${second}\\s+│`).test(l));
const numbers = (line: string) => line.split('│').map((s) => s.trim()).filter((s) => /^\d+(\.\d+)?$/.test(s)).map(Number);

test('percentile rows per request name match the recorded samples (ms)', () => {
  const out = renderConsole(run(), { color: false });
  const ms = (us: number) => us / 1000;
  const expect = (xs: number[]) => [xs.length, ...[50, 90, 95, 99, 99.9, 100].map((p) => ms(nearestRank(xs, p)))];
  assert.deepEqual(numbers(row(out, 'home', '2xx/3xx')!), expect(FAST));
  assert.deepEqual(numbers(row(out, 'analytics', '2xx/3xx')!), expect(SLOW));
  assert.deepEqual(numbers(row(out, 'all', '2xx/3xx')!), expect([...FAST, ...SLOW]));
  // 429s get their own row and never enter the 2xx figures.
  assert.deepEqual(numbers(row(out, 'home', '429')!), [429, ...expect([5, 6, 7])]);
});

test('statuses, errors by kind, checks with reasons, thresholds with observed values, verdict line', () => {
  const out = renderConsole(run(), { color: false });
  assert.match(out, /│ 200\s+│\s+2000 │/);
  assert.match(out, /│ 429\s+│\s+3 │/);
  assert.match(out, /│ ECONNRESET │\s+4 │/);
  assert.match(out, /│ status 200 │ FAIL\s+│ expected 200, got 429 on 3 of 1003 │/);
  assert.match(out, /│ latency\{request:home\}: p\(99\)<0\.5ms │\s+0\.99 ms │ FAIL/);
  assert.match(out, /flood: FAIL — 1 check failed/);
  assert.match(out, /Verdict: FAIL \(exit 1\): flood FAIL\n$/);
});

test('colour only when asked', () => {
  const plain = renderConsole(sampleRun(), { color: false });
  const colored = renderConsole(sampleRun(), { color: true });
  assert.doesNotMatch(plain, /\u001b\[/);
  assert.match(colored, /\u001b\[31mFAIL\u001b\[39m/);
  assert.equal(colored.replace(/\u001b\[\d+m/g, '').replace(/[─┬┼┴┌┐└┘├┤│ ]/g, ''), plain.replace(/[─┬┼┴┌┐└┘├┤│ ]/g, ''));
});

test('rate-probe verdict, findings and a compact timeline', () => {
  const out = renderConsole(sampleRun(), { color: false });
  assert.match(out, /Rate-limit probe — limited at request 21 of 25 as declared/);
  assert.match(out, /│ PASS\s+│\s+20 │\s+5 │\s+21 │/);
  assert.match(out, /│ info\s+│ limit-enforced\s+│ first 429 at request 21/);
  assert.match(out, /sequential: #1–20 200 admitted · #21–25 429 limited/);
});

test('several phases end with a one-row-per-phase summary before the verdict line', () => {
  const out = renderConsole(sampleRun(), { color: false });
  const tail = out.slice(out.lastIndexOf('Phases\n'));
  assert.match(tail, /│ health-burst\s+│ burst, closed\s+│ PASS\s+│\s+10 │/);
  assert.match(tail, /│ api-flood\s+│ flood, closed\s+│ FAIL\s+│\s+7702 │.*│ 3 thresholds failed, 1 check failed\s+│/);
  assert.match(tail, /Verdict: FAIL \(exit 1\)/);
});

test('an interrupted run with an error says so', () => {
  const r = run();
  r.interrupted = true;
  r.phases[0].interrupted = true;
  r.error = 'SIGINT';
  const out = renderConsole(r, { color: false });
  assert.match(out, /INTERRUPTED/);
  assert.match(out, /flood: FAIL — 1 check failed \(interrupted\)/);
  assert.match(out, /Verdict: FAIL \(exit 1\): flood FAIL — run interrupted, results are partial; run ended early: SIGINT/);
});
