import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseThresholds, parseThresholdFlag, parseThresholdFlags } from '../../src/thresholds/index.js';
import { UserError } from '../../src/errors.js';

const one = (metric: string, expr: string) => {
  const ts = parseThresholds({ [metric]: [expr] }, 'test.yaml');
  assert.equal(ts.length, 1);
  return ts[0];
};

function rejects(metric: string, expr: string, ...mustMention: RegExp[]): void {
  assert.throws(() => parseThresholds({ [metric]: [expr] }, 'test.yaml thresholds'), (e: unknown) => {
    assert.ok(e instanceof UserError, 'a UserError');
    assert.equal(e.exitCode, 2);
    assert.ok(e.message.includes(metric), `names the metric: ${e.message}`);
    assert.ok(e.message.includes(JSON.stringify(expr)), `names the text: ${e.message}`);
    assert.ok(e.message.includes('test.yaml thresholds'), `names the place: ${e.message}`);
    for (const re of mustMention) assert.match(e.message, re);
    return true;
  });
}

test('every operator parses', () => {
  for (const op of ['<', '<=', '>', '>=', '==', '!=']) {
    const t = one('latency', `p(95)${op}200`);
    assert.equal(t.op, op);
    assert.equal(t.value, 200);
  }
});

test('percentiles, aggregates and spaces', () => {
  assert.deepEqual(one('latency', 'p(99.9) < 1000').aggregate, { fn: 'p', percentile: 99.9 });
  assert.deepEqual(one('latency', 'p(0)<1').aggregate, { fn: 'p', percentile: 0 });
  assert.deepEqual(one('latency', 'p(100)<1').aggregate, { fn: 'p', percentile: 100 });
  for (const fn of ['avg', 'min', 'max', 'med'] as const) assert.deepEqual(one('latency', `${fn}<5`).aggregate, { fn });
  assert.deepEqual(one('errors', 'rate<0.01').aggregate, { fn: 'rate' });
  assert.deepEqual(one('errors', 'count==0').aggregate, { fn: 'count' });
  assert.deepEqual(one('rps', 'avg>500').aggregate, { fn: 'avg' });
  assert.deepEqual(one('requests', 'count>=100').aggregate, { fn: 'count' });
  assert.deepEqual(one('checks', 'rate==1').aggregate, { fn: 'rate' });
});

test('latency units: ms default, ms, s, us', () => {
  assert.equal(one('latency', 'p(95)<200').value, 200);
  assert.equal(one('latency', 'p(95)<200ms').value, 200);
  assert.equal(one('latency', 'p(95)<1.5s').value, 1500);
  assert.equal(one('latency', 'p(95)<500us').value, 0.5);
  assert.equal(one('latency', 'max<2m').value, 120_000);
  // The value must be the double nearest to what was written, or boundaries flip (1900us is 1.9 ms, not 1.9000000000000001).
  assert.equal(one('latency', 'p(95)<1900us').value, 1.9);
  assert.equal(one('latency', 'p(95)<0.0019s').value, 1.9);
  assert.equal(one('latency', 'p(95)<.5s').value, 500);
});

test('rates accept fractions and percentages', () => {
  assert.equal(one('errors', 'rate<0.01').value, 0.01);
  assert.equal(one('errors', 'rate<1%').value, 0.01);
  assert.equal(one('status{code:429}', 'rate<=25%').value, 0.25);
});

test('tags are parsed and validated', () => {
  const t = one('latency{request:analytics, status:2xx}', 'p(99)<300');
  assert.deepEqual(t.tags, { request: 'analytics', status: '2xx' });
  assert.equal(t.key, 'latency{request:analytics, status:2xx}');
  assert.equal(t.expression, 'p(99)<300');
  assert.deepEqual(one('status{code:429}', 'count==0').tags, { code: '429' });
  assert.deepEqual(one('status{class:5xx}', 'count==0').tags, { class: '5xx' });
  assert.deepEqual(one('latency{timing:response}', 'p(99)<3').tags, { timing: 'response' });
});

test('object form carries abortOnFail; strings default to false', () => {
  const ts = parseThresholds({ latency: ['p(95)<200', { threshold: 'p(99)<300', abortOnFail: true }] }, 'x');
  assert.deepEqual(ts.map((t) => t.abortOnFail), [false, true]);
  assert.equal(ts[1].source, 'latency: p(99)<300');
});

test('bad expressions name metric, text and what is valid', () => {
  rejects('latncy', 'p(95)<200', /unknown metric "latncy"/, /latency/);
  rejects('latency', 'p95<200', /write the percentile as p\(95\)/);
  rejects('latency', 'p99.9 < 1s', /p\(99\.9\)/);
  rejects('latency', 'p(101)<200', /0 to 100/);
  rejects('latency', 'p(95)<', /missing value/);
  rejects('latency', 'p(95)=200', /operators/);
  rejects('latency', 'p(95)<200kg', /bad value "200kg"/, /1\.5s/);
  rejects('latency', 'rate<0.1', /does not apply to latency/, /p\(N\), avg, min, max, med/);
  rejects('errors', 'p(95)<1', /does not apply to errors/);
  rejects('errors', 'rate<1.5', /between 0 and 1/);
  rejects('errors', 'rate<10ms', /fraction/);
  rejects('errors', 'count<1.5x', /plain number/);
  rejects('status', 'count==0', /code/);
  rejects('status{code:429,class:4xx}', 'count==0', /exactly one/);
  rejects('status{code:abc}', 'count==0', /100\.\.599/);
  rejects('latency{status:200}', 'p(95)<1', /status:200/, /2xx/);
  rejects('latency{route:x}', 'p(95)<1', /unknown tag "route"/, /request/);
  rejects('latency{request}', 'p(95)<1', /bad tag/);
  rejects('rps', 'avg>5ms', /plain number/);
  rejects('checks{request:a}', 'rate==1', /valid tags: \(none\)/);
});

test('a non-list or non-string entry is a clear error', () => {
  assert.throws(() => parseThresholds({ latency: 'p(95)<1' as unknown as string[] }, 'f.yaml'), /must be a list/);
  assert.throws(() => parseThresholds({ latency: [42 as unknown as string] }, 'f.yaml'), /must be a string like/);
});

test('--threshold flag splits at the colon after the tags', () => {
  assert.deepEqual(parseThresholdFlag('latency: p(95)<200ms'), { metric: 'latency', expression: 'p(95)<200ms' });
  assert.deepEqual(parseThresholdFlag('status{code:429}: count==0'), { metric: 'status{code:429}', expression: 'count==0' });
  assert.deepEqual(parseThresholdFlag('latency{request:a}:p(99)<3'), { metric: 'latency{request:a}', expression: 'p(99)<3' });
  assert.throws(() => parseThresholdFlag('p(95)<200'), /--threshold "p\(95\)<200".*metric: expression/);
  assert.throws(() => parseThresholdFlag('latency:'), /metric: expression/);
  const ts = parseThresholdFlags(['latency: p(95)<200ms', 'latency: p(99)<1s', 'errors: rate<1%']);
  assert.deepEqual(ts.map((t) => [t.metric, t.value]), [['latency', 200], ['latency', 1000], ['errors', 0.01]]);
  assert.throws(() => parseThresholdFlags(['latency: p(95)<fast']), /--threshold.*"latency".*"p\(95\)<fast"/);
});
