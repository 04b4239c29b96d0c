import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../src/model/result.js';
import { decodeHistogram } from '../../src/metrics/histogram.js';
import { runCli } from '../helpers/cli.js';

const out = await mkdtemp(join(tmpdir(), 'limitprobe-run-'));

async function run(scenario: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string; result: RunResult; raw: string }> {
  const file = join(out, `${scenario.replace(/\W+/g, '-')}-${Date.now()}.json`);
  const res = await runCli(['run', scenario, '--out', file, ...extra], { env, timeoutMs: 120_000 });
  const raw = await readFile(file, 'utf8');
  return { ...res, result: JSON.parse(raw) as RunResult, raw };
}

test('prelaunch: every check of the user story passes against the embedded target, exit 0', async () => {
  const { code, stdout, stderr, result, raw } = await run('scenarios/prelaunch.yaml');
  assert.equal(code, 0, stderr + stdout.slice(-2000));
  assert.equal(result.verdict, 'pass');
  assert.equal(result.schemaVersion, 1);
  const byName = new Map(result.phases.map((p) => [p.name, p]));
  assert.deepEqual([...byName.keys()], ['health', 'security-headers', 'cors', 'docs', 'openapi', 'health-burst', 'concurrent-bookings', 'rejects-bad-token', 'rate-limit-public']);
  for (const p of result.phases) assert.equal(p.verdict, 'pass', `${p.name}: ${p.reason}`);

  // The database check reads services.database_session, the field the target really has.
  assert.ok(byName.get('health')!.checks.some((c) => c.name.includes('services.database_session') && c.passed));
  // Seven security headers, each judged.
  assert.equal(byName.get('security-headers')!.checks.length, 7);
  // The burst: 1000 answers, all 200, in an HDR histogram that decodes to the same count.
  const burst = byName.get('health-burst')!;
  assert.equal(burst.totals.requests, 1000);
  assert.equal(burst.totals.statuses['200'], 1000);
  const h = decodeHistogram(burst.requests[0].histograms.find((x) => x.statusClass === '2xx')!.hdr);
  assert.equal(h.totalCount, 1000);
  assert.ok(burst.requests[0].latency!.p99 >= burst.requests[0].latency!.p50);
  // The rate probe hits a limited API route and sees 429 after about 20 (never /health).
  const probe = byName.get('rate-limit-public')!;
  assert.match(String((probe.settings as { url?: string }).url ?? ''), /\/api\/v1\/services$/);
  assert.ok(probe.totals.statuses['429'] >= 5, JSON.stringify(probe.totals.statuses));
  const first = (probe.probe as { firstLimitedAt: number }).firstLimitedAt;
  assert.ok(first >= 19 && first <= 21, `first limited at ${first}`);
  // Secrets never reach the result: not the JWT secret, not a minted token.
  assert.doesNotMatch(raw, /limitprobe-demo-secret/);
  assert.doesNotMatch(raw, /eyJ[A-Za-z0-9_-]{10,}\./);
  assert.match(stdout, /Verdict: PASS/);
});

test('health burst and the 25-request probe pass; the auth flood passes with an open-model rate near the asked one', async () => {
  const burst = await run('scenarios/health-burst.yaml', { REQUESTS: '500' });
  assert.equal(burst.code, 0, burst.stderr);
  assert.equal(burst.result.phases[0].totals.requests, 500);

  const probe = await run('scenarios/rate-probe-25.yaml');
  assert.equal(probe.code, 0, probe.stderr + probe.stdout.slice(-1500));
  const p = probe.result.phases[0].probe as { admitted: number; firstLimitedAt: number };
  assert.equal(p.firstLimitedAt, 21);

  const flood = await run('scenarios/auth-flood.yaml', { RATE: '150', DURATION: '3s' });
  assert.equal(flood.code, 0, flood.stderr + flood.stdout.slice(-2000));
  const steady = flood.result.phases.find((x) => x.name === 'steady')!;
  assert.equal(steady.model, 'open');
  assert.ok(Math.abs(steady.totals.achievedRate! - 150) <= 150 * 0.05, `achieved ${steady.totals.achievedRate} req/s of 150`);
  assert.ok(steady.requests[0].histograms.some((h) => h.timing === 'intended'));
  const ramp = flood.result.phases.find((x) => x.name === 'ramp-up')!;
  // Area under the ramp: 3 s from 0 to 100 req/s, then 4 s at 100 → 150 + 400 arrivals.
  assert.ok(Math.abs(ramp.totals.requests + (ramp.totals.dropped ?? 0) - 550) <= 2, `ramp arrivals ${ramp.totals.requests}`);
  assert.ok(flood.result.phases[0].requests.some((r) => r.name === 'analytics' && r.successes > 0), 'the logged-in manager reads analytics');
});
