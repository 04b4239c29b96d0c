import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../src/model/result.js';
import { compareRuns } from '../../src/report/compare-results.js';
import { parseMaxRegression, DEFAULT_MAX_REGRESSION } from '../../src/report/regression-bounds.js';
import { UserError } from '../../src/errors.js';
import { encode, phase, requestStats, runResult } from './fixture.js';
import { latencies, sampleRun } from './sample-run.js';

const FILES = { baseline: 'base.json', current: 'cur.json' };
const copy = (r: RunResult): RunResult => JSON.parse(JSON.stringify(r)) as RunResult;
const bounds = (s = DEFAULT_MAX_REGRESSION) => parseMaxRegression(s);

/** Replaces one request's 2xx histogram with the same samples slowed by `factor`. */
function slowDown(r: RunResult, phaseName: string, request: string, samples: number[], factor: number): void {
  const h = r.phases.find((p) => p.name === phaseName)!.requests.find((q) => q.name === request)!.histograms.find((x) => x.statusClass === '2xx' && x.timing === 'response')!;
  h.hdr = encode(samples.map((v) => Math.round(v * factor)));
}

test('identical results pass', () => {
  const run = sampleRun();
  const cmp = compareRuns(run, copy(run), bounds(), FILES);
  assert.equal(cmp.regressions, 0);
  assert.ok(cmp.judged > 0);
  assert.equal(cmp.exitCode, 0);
});

test('a latency regression injected into a copy is caught on that request and metric', () => {
  const base = sampleRun();
  const cur = copy(base);
  // floodPhase() records latencies(4000, 8000, 1) as bookings' 2xx samples: slow them by 25%.
  slowDown(cur, 'api-flood', 'bookings', latencies(4000, 8000, 1), 1.25);
  const cmp = compareRuns(base, cur, bounds(), FILES);
  assert.equal(cmp.exitCode, 1);
  const bookings = cmp.phases.find((p) => p.phase === 'api-flood')!.requests.find((r) => r.request === 'bookings')!;
  const status = Object.fromEntries(bookings.metrics.map((m) => [m.metric, m.status]));
  assert.equal(status.p95, 'regression');
  assert.equal(status.p99, 'regression');
  assert.equal(status.rps, 'ok');
  const p95 = bookings.metrics.find((m) => m.metric === 'p95')!;
  assert.ok(Math.abs(p95.change! - 25) < 0.5, `p95 change ≈ +25%: ${p95.change}`);
  const analytics = cmp.phases.find((p) => p.phase === 'api-flood')!.requests.find((r) => r.request === 'analytics')!;
  assert.ok(analytics.metrics.every((m) => m.status !== 'regression'), 'untouched request is not blamed');
});

/** Values below 2048 µs are stored exactly by a 3-digit HDR histogram, so the bound is hit exactly. */
function exactRun(us: number, requests = 1000, durationMs = 10_000): RunResult {
  return runResult('exact', [phase({ name: 'p', durationMs, requests: [requestStats({ name: 'r', latencies: { '2xx': Array(requests).fill(us) }, durationMs })] })]);
}

test('bounds at the boundary: exactly +10% is within p95=10%, one µs more is a regression', () => {
  const b = parseMaxRegression('p95=10%');
  assert.equal(compareRuns(exactRun(1000), exactRun(1100), b, FILES).exitCode, 0);
  assert.equal(compareRuns(exactRun(1000), exactRun(1101), b, FILES).exitCode, 1);
  const abs = parseMaxRegression('p99=0.1ms');
  assert.equal(compareRuns(exactRun(1000), exactRun(1100), abs, FILES).exitCode, 0);
  assert.equal(compareRuns(exactRun(1000), exactRun(1101), abs, FILES).exitCode, 1);
});

test('rps drop: -5% allowed, -6% caught; faster is never a regression', () => {
  const b = parseMaxRegression('rps=-5%');
  // 1000 requests in 10 s = 100 rps; 950 = 95 rps (-5%); 940 = 94 rps (-6%).
  assert.equal(compareRuns(exactRun(1000, 1000), exactRun(1000, 950), b, FILES).exitCode, 0);
  assert.equal(compareRuns(exactRun(1000, 1000), exactRun(1000, 940), b, FILES).exitCode, 1);
  assert.equal(compareRuns(exactRun(1000, 1000), exactRun(500, 2000), parseMaxRegression('rps=-5%,p95=1%'), FILES).exitCode, 0);
});

test('error rate rise in percentage points', () => {
  const withErrors = (n: number) => runResult('e', [phase({ name: 'p', requests: [requestStats({ name: 'r', latencies: { '2xx': Array(1000 - n).fill(500) }, errors: n ? { timeout: n } : {} })] })]);
  const b = parseMaxRegression('errors=1%');
  assert.equal(compareRuns(withErrors(0), withErrors(10), b, FILES).exitCode, 0); // 0% → 1%
  assert.equal(compareRuns(withErrors(0), withErrors(11), b, FILES).exitCode, 1); // 0% → 1.1%
});

test('too few samples for a percentile is not judged; nothing judged at all is inconclusive (exit 3)', () => {
  const cmp = compareRuns(exactRun(1000, 50), exactRun(1900, 50), parseMaxRegression('p99=10%'), FILES);
  const p99 = cmp.phases[0].requests[0].metrics.find((m) => m.metric === 'p99')!;
  assert.equal(p99.status, 'not-judged');
  assert.match(p99.note!, /too few samples for p99 \(50 < 500\)/);
  assert.equal(cmp.exitCode, 3);
});

test('different scenarios or schema versions are a usage error naming both files', () => {
  const a = sampleRun();
  const other = copy(a);
  other.scenario.name = 'checkout';
  assert.throws(() => compareRuns(a, other, bounds(), FILES), (e: unknown) =>
    e instanceof UserError && e.exitCode === 2 && /base\.json is scenario "prelaunch" but cur\.json is scenario "checkout"/.test(e.message));
  const v2 = copy(a) as unknown as { schemaVersion: number };
  v2.schemaVersion = 2;
  assert.throws(() => compareRuns(a, v2 as unknown as RunResult, bounds(), FILES), /schemaVersion 1 but cur\.json has 2/);
});

test('--max-regression parsing and its errors', () => {
  assert.deepEqual(parseMaxRegression('p95=10%,p99=15%,rps=-5%').map((b) => [b.key, b.kind, b.limit]),
    [['p95', 'relative', 10], ['p99', 'relative', 15], ['rps', 'relative', 5]]);
  assert.deepEqual(parseMaxRegression('p99.9=5ms, errors=0.5%').map((b) => [b.key, b.kind, b.limit]), [['p999', 'absolute-ms', 5], ['errors', 'points', 0.5]]);
  const bad = (s: string, re: RegExp) => assert.throws(() => parseMaxRegression(s), (e: unknown) => e instanceof UserError && e.message.includes('--max-regression') && re.test(e.message));
  bad('p95=10', /write metric=value/);
  bad('p97=10%', /unknown metric "p97"/);
  bad('rps=5%', /write it negative/);
  bad('p95=-10%', /must not be negative/);
  bad('p95=1%,p95=2%', /bounded twice/);
  bad('', /no bounds/);
});

// The command end to end: real files, real process, exit codes a CI job reads.
async function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(process.cwd(), 'bin', 'limitprobe.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('limitprobe compare: exit 0 identical, 1 regression (marked in the table), 2 mismatched scenario or bad file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lp-compare-'));
  const base = sampleRun();
  const slow = copy(base);
  slowDown(slow, 'api-flood', 'bookings', latencies(4000, 8000, 1), 1.25);
  const other = copy(base);
  other.scenario.name = 'other';
  const f = (n: string) => join(dir, n);
  await writeFile(f('base.json'), JSON.stringify(base));
  await writeFile(f('same.json'), JSON.stringify(copy(base)));
  await writeFile(f('slow.json'), JSON.stringify(slow));
  await writeFile(f('other.json'), JSON.stringify(other));
  await writeFile(f('broken.json'), '{"schemaVersion": 1,');

  const same = await cli('compare', f('base.json'), f('same.json'));
  assert.equal(same.code, 0, same.err);
  assert.match(same.out, /^OK: \d+ bounded value\(s\) within their bounds/m);

  const reg = await cli('compare', f('base.json'), f('slow.json'));
  assert.equal(reg.code, 1, reg.err);
  assert.match(reg.out, /Phase api-flood/);
  assert.match(reg.out, /│\s+│ p95\s+│.*│ p95=10% │ REGRESSION/);
  assert.match(reg.out, /REGRESSION: 2 value\(s\) crossed their bound \(exit 1\)/);

  const loose = await cli('compare', f('base.json'), f('slow.json'), '--max-regression', 'p95=30%,p99=30%');
  assert.equal(loose.code, 0, loose.out);

  const mismatch = await cli('compare', f('base.json'), f('other.json'));
  assert.equal(mismatch.code, 2);
  assert.match(mismatch.err, /scenario "prelaunch" but .*other\.json is scenario "other"/);

  const broken = await cli('compare', f('base.json'), f('broken.json'));
  assert.equal(broken.code, 2);
  assert.match(broken.err, /broken\.json: not valid JSON/);
  assert.doesNotMatch(broken.err, /\n\s+at /, 'no stack trace');

  const missing = await cli('compare', f('base.json'), f('nope.json'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.json: no such file/);
});

test('a phase run with other settings (half the rate) or cut short is not judged: no false regression', () => {
  const base = sampleRun();
  const cur = copy(base);
  const flood = cur.phases.find((p) => p.name === 'api-flood')!;
  flood.settings = { ...flood.settings, rate: 100 };
  for (const r of flood.requests) r.rps = r.rps / 2;
  flood.totals.rps = flood.totals.rps / 2;
  const cmp = compareRuns(base, cur, bounds('rps=-5%'), FILES);
  const p = cmp.phases.find((x) => x.phase === 'api-flood')!;
  assert.match(p.notComparable ?? '', /settings differ: rate .* → 100/);
  assert.ok(p.requests.every((r) => r.metrics.every((m) => m.status !== 'regression')));
  assert.equal(cmp.regressions, 0);

  const cut = copy(base);
  cut.phases.find((x) => x.name === 'api-flood')!.interrupted = true;
  const cmp2 = compareRuns(base, cut, bounds(), FILES);
  assert.equal(cmp2.phases.find((x) => x.phase === 'api-flood')!.notComparable, 'the current run was interrupted');
  // The unchanged settings of the same run compare as before.
  assert.equal(compareRuns(base, copy(base), bounds('rps=-5%'), FILES).phases.find((x) => x.phase === 'api-flood')!.notComparable, undefined);
});
