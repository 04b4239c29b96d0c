import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseThresholds, evaluateThresholds } from '../../src/thresholds/index.js';
import type { PhaseResult } from '../../src/model/result.js';
import { phase, requestStats, range, nearestRank } from './fixture.js';

// 1..1000 µs, each once: stored exactly (below 2048 µs), so p(95) is the 950th value = 0.95 ms.
const FAST = range(1, 1000);
const SLOW = range(1001, 2000);

function judge(p: PhaseResult, metric: string, ...exprs: string[]) {
  return evaluateThresholds(parseThresholds({ [metric]: exprs }, 't'), p);
}
const verdicts = (p: PhaseResult, metric: string, ...exprs: string[]) => judge(p, metric, ...exprs).map((r) => r.passed);

const api = phase({
  name: 'flood',
  durationMs: 10_000,
  requests: [
    requestStats({ name: 'home', latencies: { '2xx': FAST, '429': [5, 6, 7] }, durationMs: 10_000 }),
    requestStats({ name: 'analytics', latencies: { '2xx': SLOW }, durationMs: 10_000 }),
  ],
});

test('latency percentile at the exact boundary, every operator', () => {
  const p95 = nearestRank([...FAST, ...SLOW], 95) / 1000; // merged over both requests
  assert.equal(p95, 1.9);
  assert.deepEqual(verdicts(api, 'latency', 'p(95)<1.9', 'p(95)<=1.9', 'p(95)>1.9', 'p(95)>=1.9', 'p(95)==1.9', 'p(95)!=1.9'),
    [false, true, false, true, true, false]);
  const r = judge(api, 'latency', 'p(95)<1.9')[0];
  assert.equal(r.observed, 1.9);
  assert.equal(r.metric, 'latency');
  assert.equal(r.expression, 'p(95)<1.9');
  assert.match(r.message, /FAILED, p\(95\)=1\.9ms, expected <1\.9ms/);
});

test('latency units are compared in ms', () => {
  assert.deepEqual(verdicts(api, 'latency', 'p(95)<1900us', 'p(95)<=1900us', 'p(95)<0.002s'), [false, true, true]);
});

test('request tag filters; avg, min, max, med', () => {
  const home = (e: string) => judge(api, 'latency{request:home}', e)[0].observed;
  assert.equal(home('p(95)<1'), nearestRank(FAST, 95) / 1000);
  assert.equal(home('med<1'), nearestRank(FAST, 50) / 1000);
  assert.equal(home('avg<1'), FAST.reduce((a, b) => a + b, 0) / FAST.length / 1000);
  assert.equal(home('min<1'), 0.001);
  assert.equal(home('max<1'), 1);
  assert.equal(judge(api, 'latency{request:analytics}', 'min<1')[0].observed, 1.001);
});

test('latency ignores 429s unless the status tag asks for them', () => {
  // The 429s (5–7 µs) are faster than any success: they must not lower the success minimum.
  assert.equal(judge(api, 'latency{request:home}', 'min<1')[0].observed, 0.001);
  assert.equal(judge(api, 'latency{request:home,status:429}', 'max<1')[0].observed, 0.007);
  assert.equal(judge(api, 'latency{request:home,status:429}', 'min<1')[0].observed, 0.005);
  const all = judge(api, 'latency{status:all}', 'p(100)<100')[0];
  assert.equal(all.observed, 2); // max of everything
});

test('open model: intended timing by default, response timing on request', () => {
  const open = phase({ name: 'open', requests: [requestStats({ name: 'x', latencies: { '2xx': [100, 200] }, intended: { '2xx': [1500, 1600] } })] });
  assert.equal(judge(open, 'latency', 'max<10')[0].observed, 1.6);
  assert.equal(judge(open, 'latency{timing:response}', 'max<10')[0].observed, 0.2);
  const closed = judge(api, 'latency{timing:intended}', 'max<10')[0];
  assert.equal(closed.inconclusive, true);
  assert.match(closed.message, /intended timing/);
});

test('no data is inconclusive, never a pass', () => {
  const none = phase({ name: 'all-limited', requests: [requestStats({ name: 'x', latencies: { '429': [10, 20] } })] });
  const [r] = judge(none, 'latency', 'p(95)<1000');
  assert.equal(r.passed, false);
  assert.equal(r.inconclusive, true);
  assert.equal(r.observed, null);
  assert.match(r.message, /cannot be judged: no successful/);
  const [missing] = judge(api, 'latency{request:nope}', 'p(95)<1000');
  assert.equal(missing.inconclusive, true);
  assert.match(missing.message, /no request named "nope".*home, analytics/);
  const empty = phase({ name: 'empty', requests: [] });
  assert.equal(judge(empty, 'errors', 'rate<0.01')[0].inconclusive, true);
  assert.equal(judge(empty, 'checks', 'rate==1')[0].inconclusive, true);
});

// 100 requests: 85×200, 10×429, 3×503, 2 timeouts → errors = 3 + 2 = 5 (429 is not an error).
const mixed = phase({
  name: 'mixed',
  durationMs: 10_000,
  requests: [
    requestStats({ name: 'a', statuses: { '200': 85, '429': 10, '503': 3 }, errors: { timeout: 2 }, latencies: { '2xx': range(1, 85) }, durationMs: 10_000 }),
    requestStats({ name: 'b', statuses: { '404': 4, '200': 16 }, latencies: { '2xx': range(1, 16) }, durationMs: 10_000 }),
  ],
});

test('errors: network errors + 5xx, rate and count at the boundary', () => {
  assert.deepEqual(verdicts(mixed, 'errors{request:a}', 'rate<0.05', 'rate<=0.05', 'rate<5%', 'rate<=5%', 'count==5', 'count<5', 'count!=5'),
    [false, true, false, true, true, false, false]);
  assert.equal(judge(mixed, 'errors{request:a}', 'rate<1')[0].observed, 0.05);
  assert.equal(judge(mixed, 'errors', 'rate<1')[0].observed, 5 / 120);
  assert.equal(judge(mixed, 'errors{request:b}', 'count==0')[0].passed, true);
});

test('status by code and by class (4xx excludes 429)', () => {
  assert.deepEqual(verdicts(mixed, 'status{code:429}', 'count==10', 'count==0', 'count<10', 'count<=10', 'count>9'), [true, false, false, true, true]);
  assert.equal(judge(mixed, 'status{code:429,request:a}', 'rate<1')[0].observed, 0.1);
  assert.equal(judge(mixed, 'status{class:4xx}', 'count<100')[0].observed, 4);
  assert.equal(judge(mixed, 'status{class:429}', 'count<100')[0].observed, 10);
  assert.equal(judge(mixed, 'status{class:5xx}', 'count<100')[0].observed, 3);
  assert.equal(judge(mixed, 'status{class:2xx}', 'rate<1')[0].observed, 101 / 120);
});

test('rps and requests', () => {
  assert.deepEqual(verdicts(mixed, 'rps', 'avg>=12', 'avg>12', 'avg<12', 'avg==12'), [true, false, false, true]);
  assert.equal(judge(mixed, 'rps{request:b}', 'avg>1')[0].observed, 2);
  assert.deepEqual(verdicts(mixed, 'requests', 'count==120', 'count>120', 'count>=120'), [true, false, true]);
  assert.equal(judge(mixed, 'requests{request:a}', 'count>0')[0].observed, 100);
});

test('checks: rate of passing among judged checks', () => {
  const p = phase({
    name: 'checks',
    requests: [],
    checks: [
      { name: 'a', passed: true, message: '' },
      { name: 'b', passed: true, message: '' },
      { name: 'c', passed: true, message: '' },
      { name: 'd', passed: false, message: '' },
      { name: 'e', passed: false, inconclusive: true, message: '' },
    ],
  });
  assert.deepEqual(verdicts(p, 'checks', 'rate==1', 'rate>=0.75', 'rate>0.75', 'rate>=75%'), [false, true, false, true]);
  assert.match(judge(p, 'checks', 'rate==1')[0].message, /1 inconclusive check/);
});

test('abortOnFail is carried into the result', () => {
  const [r] = evaluateThresholds(parseThresholds({ latency: [{ threshold: 'p(99)<0.5', abortOnFail: true }] }, 't'), api);
  assert.equal(r.abortOnFail, true);
  assert.equal(r.passed, false);
});

test('HDR bucket resolution: a bound inside the bucket of the observed value is inconclusive, not a guess', () => {
  // At 3 significant digits, 200 ms samples share a bucket spanning 199.936–200.063 ms, and the
  // encoded histogram keeps only buckets: whether p(95)<200 holds cannot be read from it.
  const flat = phase({ name: 'flat', requests: [requestStats({ name: 'x', latencies: { '2xx': Array(100).fill(200_000) } })] });
  for (const expr of ['p(95)<200', 'p(95)<=200', 'p(95)>=200']) {
    const [r] = judge(flat, 'latency', expr);
    assert.equal(r.passed, false, expr);
    assert.equal(r.inconclusive, true, expr);
    assert.match(r.message, /cannot be judged: p\(95\) is between 199\.936ms and 200\.063ms \(HDR histogram resolution\)/);
  }
  // Bounds outside the bucket are judged as usual, on both sides.
  assert.deepEqual(verdicts(flat, 'latency', 'p(95)<201', 'p(95)<199.9', 'p(95)>199.9', 'p(95)>=200.1'), [true, false, true, false]);
  assert.ok(judge(flat, 'latency', 'p(95)<199.9', 'p(95)<201').every((r) => r.inconclusive === undefined));
  // Exactly stored values (below 2048 µs) have one-value buckets: always judged.
  assert.equal(judge(api, 'latency', 'p(95)<=1.9')[0].inconclusive, undefined);
});

test('every metric × every operator at its exact boundary', () => {
  // At the boundary value: < false, <= true, > false, >= true, == true, != false.
  const AT = [false, true, false, true, true, false];
  const ops = ['<', '<=', '>', '>=', '==', '!='];
  const checked = phase({ name: 'c', requests: [], checks: [{ name: 'a', passed: true, message: '' }, { name: 'b', passed: false, message: '' }] });
  const cases: Array<[PhaseResult, string, string, string]> = [
    [api, 'latency{request:home}', 'p(50)', '0.5'], // 500th of 1..1000 µs
    [api, 'latency{request:home}', 'med', '500us'],
    [api, 'latency{request:analytics}', 'max', '2ms'],
    [api, 'latency{request:analytics}', 'min', '1.001'],
    [api, 'latency{request:home}', 'avg', '0.5005'],
    [mixed, 'errors{request:a}', 'rate', '5%'],
    [mixed, 'errors', 'count', '5'],
    [mixed, 'status{code:429}', 'count', '10'],
    [mixed, 'status{class:4xx}', 'rate', `${4 / 120}`],
    [mixed, 'rps', 'avg', '12'],
    [mixed, 'requests', 'count', '120'],
    [checked, 'checks', 'rate', '50%'],
  ];
  for (const [p, metric, agg, value] of cases) {
    assert.deepEqual(verdicts(p, metric, ...ops.map((op) => `${agg}${op}${value}`)), AT, `${metric} ${agg} at ${value}`);
  }
});
