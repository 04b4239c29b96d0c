import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { junitReporter } from '../../src/report/junit.js';
import type { RunResult } from '../../src/model/result.js';
import { sampleRun } from './sample-run.js';
import { phase, requestStats, runResult, range } from './fixture.js';
import { xmllintSchemaErrors, xpath } from './xmllint.js';

async function written(results: RunResult[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lp-junit-'));
  const file = join(dir, 'report.xml');
  await writeFile(file, junitReporter.render(results));
  return file;
}

test('JUnit of a full run is valid against the schema; one suite per phase, a case per check, threshold and verdict', async () => {
  const run = sampleRun();
  const file = await written([run]);
  assert.equal(xmllintSchemaErrors(file), null);
  assert.equal(xpath(file, 'count(//testsuite)'), String(run.phases.length));
  for (const p of run.phases) {
    const suite = `//testsuite[@name="prelaunch.${p.name}"]`;
    assert.equal(xpath(file, `count(${suite}/testcase)`), String(p.checks.length + p.thresholds.length + 1), p.name);
    const failed = p.checks.filter((c) => !c.passed && !c.inconclusive).length + p.thresholds.filter((t) => !t.passed && !t.inconclusive).length + (p.verdict === 'fail' ? 1 : 0);
    assert.equal(xpath(file, `string(${suite}/@failures)`), String(failed), `${p.name} failures attribute`);
    assert.equal(xpath(file, `count(${suite}/testcase[failure])`), String(failed), `${p.name} failure elements`);
  }
  // The failing threshold carries its observed value (the evaluator's own number, formatted in ms).
  const p99 = run.phases[1].thresholds.find((t) => t.metric === 'latency{request:analytics}')!;
  assert.equal(p99.passed, false);
  const msg = xpath(file, 'string(//testcase[@name="threshold: latency{request:analytics}: p(99)<20ms"]/failure/@message)');
  assert.ok(msg.includes(`observed ${+p99.observed!.toFixed(3)} ms`), msg);
  assert.match(xpath(file, 'string(//testcase[@name="threshold: status{code:429}: count==0"]/failure/@message)'), /^observed 2200: /);
  assert.equal(xpath(file, 'string(//testsuite[@name="prelaunch.api-flood"]/testcase[@name="verdict"]/failure/@message)'), 'FAIL: 3 thresholds failed, 1 check failed');
  assert.equal(xpath(file, 'string(/testsuites/@failures)'), '4');
  assert.match(xpath(file, 'string(//testsuite[@name="prelaunch.rate-probe-25"]/system-out)'), /#21–25 429 limited/);
});

test('inconclusive is an <error>, a run error is its own suite, and awkward text stays valid XML', async () => {
  const p = phase({
    name: 'odd <&> "names"',
    requests: [requestStats({ name: 'x', latencies: { '2xx': range(1, 10) } })],
    checks: [
      { name: 'auth 401', passed: false, inconclusive: true, message: 'route not found — check the path (got 404 where 401 was expected)' },
      { name: 'ctrl\u0007chars & ]]>', passed: false, message: 'expected "a" < got \'b\'', expected: 401, observed: 500 },
    ],
    thresholds: [{ metric: 'latency', expression: 'p(95)<200', passed: false, inconclusive: true, observed: null, message: 'latency: p(95)<200: cannot be judged: no successful responses' }],
    verdict: 'inconclusive',
    reason: 'a check could not be judged',
  });
  const run = runResult('edge', [p], 'inconclusive');
  run.error = 'target went away: ECONNREFUSED 127.0.0.1:9';
  const file = await written([run]);
  assert.equal(xmllintSchemaErrors(file), null);
  assert.equal(xpath(file, 'count(//testcase[error[@type="inconclusive"]])'), '3'); // check, threshold, verdict
  assert.equal(xpath(file, 'count(//testcase[failure])'), '1');
  assert.equal(xpath(file, 'string(//testsuite[@name="edge.run"]/testcase/error/@message)'), run.error);
  assert.equal(xpath(file, 'string(/testsuites/@errors)'), '4');
  assert.match(xpath(file, 'string(//testcase[failure]/failure)'), /expected: 401\nobserved: 500/);
});

test('the schema rejects what CI tools cannot read (the validator is not a rubber stamp)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lp-junit-bad-'));
  const file = join(dir, 'bad.xml');
  await writeFile(file, '<testsuites><testsuite name="x" tests="1" failures="0" errors="0" time="1"><testcase name="a" time="0"/></testsuite></testsuites>');
  assert.match(xmllintSchemaErrors(file) ?? '', /classname/);
});
