import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, access } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../src/model/result.js';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { closedPort } from '../target/helpers.js';

const dir = await mkdtemp(join(tmpdir(), 'limitprobe-verdicts-'));
let n = 0;

async function scenario(text: string): Promise<{ file: string; out: string }> {
  const file = join(dir, `s${n}.yaml`);
  await writeFile(file, text);
  return { file, out: join(dir, `s${n++}.json`) };
}

async function runScenario(text: string, extra: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string; result: RunResult }> {
  const { file, out } = await scenario(text);
  const res = await runCli(['run', file, '--out', out, ...extra], { timeoutMs: 60_000 });
  return { ...res, result: JSON.parse(await readFile(out, 'utf8')) as RunResult };
}

test('the user story\'s false result: a rate probe against the exempt /health is INCONCLUSIVE, exit 3', async () => {
  const { code, result } = await runScenario(`name: wrong-route
phases:
  - { name: probe-health, kind: rate-probe, request: { path: /health }, limit: 20, window: 60s, count: 25 }
`);
  assert.equal(code, 3);
  assert.equal(result.phases[0].verdict, 'inconclusive');
  assert.ok(result.phases[0].findings?.some((f) => f.code === 'ROUTE_APPEARS_EXEMPT') || (result.phases[0].probe as { findings: { code: string }[] }).findings.some((f) => f.code === 'ROUTE_APPEARS_EXEMPT'));
  assert.match(result.phases[0].reason ?? '', /exempt/i);
});

test('the user story\'s auth mistake: 404 where 401 was expected is "route not found", INCONCLUSIVE, exit 3', async () => {
  const { code, result } = await runScenario(`name: wrong-auth-route
auth: { bad: { bearer: nope } }
phases:
  - { name: auth, kind: check, request: { path: /api/v1/analytics, auth: bad }, expect: { status: 401 } }
`);
  assert.equal(code, 3);
  const c = result.phases[0].checks[0];
  assert.equal(c.passed, false);
  assert.equal(c.inconclusive, true);
  assert.match(c.message, /route not found/);
});

test('a wrong JSON field value fails the check with expected and seen, exit 1; the other phases still run', async () => {
  const { code, result, stdout } = await runScenario(`name: db-field
phases:
  - name: health
    kind: check
    request: { path: /health }
    expect: { json: [{ path: services.database, equals: ok }] }
  - { name: after, kind: check, request: { path: /health }, expect: { status: 200 } }
`);
  assert.equal(code, 1);
  assert.equal(result.verdict, 'fail');
  assert.equal(result.phases[0].verdict, 'fail');
  assert.equal(result.phases[1].verdict, 'pass');
  assert.match(stdout, /services\.database/);
});

test('a threshold from --threshold fails the run with its observed value, exit 1', async () => {
  const { code, result } = await runScenario(`name: thr
phases:
  - { name: b, kind: burst, connections: 2, requests: 50, mix: [{ name: h, path: /health }] }
`, ['--threshold', 'latency: p(50)<0.001ms']);
  assert.equal(code, 1);
  const t = result.phases[0].thresholds[0];
  assert.equal(t.passed, false);
  assert.ok(typeof t.observed === 'number' && t.observed > 0.001);
});

test('usage errors exit 2 with a message naming the flag or file', async () => {
  const { file } = await scenario('name: x\nphases:\n  - { name: c, kind: check, request: { path: /health }, expect: { status: 200 } }\n');
  const badTarget = await runCli(['run', file, '--target', 'ftp://x']);
  assert.equal(badTarget.code, 2);
  assert.match(badTarget.stderr, /--target "ftp:\/\/x": must be an http/);
  const badPhase = await runCli(['run', file, '--phase', 'nope']);
  assert.equal(badPhase.code, 2);
  assert.match(badPhase.stderr, /--phase "nope": no such phase .* phases: c/);
  const badThreshold = await runCli(['run', file, '--threshold', 'latency p95']);
  assert.equal(badThreshold.code, 2);
  assert.match(badThreshold.stderr, /--threshold/);
  const missing = await runCli(['run', join(dir, 'missing.yaml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /missing\.yaml: cannot read scenario: no such file/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /, 'no stack trace');
});

test('--json prints the result on stdout; --quiet prints only the verdict line', async () => {
  const { file, out } = await scenario('name: j\nphases:\n  - { name: c, kind: check, request: { path: /health }, expect: { status: 200 } }\n');
  const j = await runCli(['run', file, '--out', out, '--json']);
  assert.equal(j.code, 0);
  assert.equal((JSON.parse(j.stdout) as RunResult).phases[0].name, 'c');
  const q = await runCli(['run', file, '--out', out, '--quiet']);
  assert.equal(q.code, 0);
  assert.equal(q.stdout.trim(), `Verdict: PASS (exit 0): the 1 phase passed · ${out}`);
});

test('Ctrl-C during a flood: exits within 2 s, the JSON result exists, marked interrupted, exit 3', async () => {
  const { file, out } = await scenario(`name: long
phases:
  - { name: flood, kind: flood, rate: 200, duration: 60s, mix: [{ name: h, path: /health }] }
  - { name: never, kind: check, request: { path: /health }, expect: { status: 200 } }
`);
  const child = spawn(process.execPath, [BIN, 'run', file, '--out', out], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  await new Promise((r) => setTimeout(r, 2500));
  const sentAt = Date.now();
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const took = Date.now() - sentAt;
  assert.ok(took < 2000, `exited ${took} ms after SIGINT`);
  assert.equal(code, 3, stderr);
  await access(out);
  const result = JSON.parse(await readFile(out, 'utf8')) as RunResult;
  assert.equal(result.interrupted, true);
  assert.equal(result.phases.length, 1, 'the phase after the interrupt is not run');
  assert.equal(result.phases[0].interrupted, true);
  assert.ok(result.phases[0].totals.requests > 100, `measured ${result.phases[0].totals.requests} requests before the interrupt`);
});

test('a load phase with every request refused is INCONCLUSIVE naming the target (exit 3), not a failed success rate or error threshold', async () => {
  const port = await closedPort();
  const { code, result } = await runScenario(`name: down
target: http://127.0.0.1:${port}
phases:
  - name: burst
    kind: burst
    connections: 4
    requests: 200
    mix: [{ name: h, path: /health }]
    expect: { successRate: 1 }
    thresholds: { errors: ["rate<0.01"], latency: ["p(95)<200"] }
`);
  assert.equal(code, 3);
  const p = result.phases[0];
  assert.equal(p.verdict, 'inconclusive');
  assert.equal(p.totals.responses, 0);
  assert.equal(p.totals.errors.ECONNREFUSED, p.totals.requests);
  assert.match(p.reason ?? '', new RegExp(`is http://127\\.0\\.0\\.1:${port} up\\?`));
  assert.ok(p.checks.every((c) => !c.passed && c.inconclusive), JSON.stringify(p.checks));
  assert.ok(p.thresholds.every((t) => t.passed || t.inconclusive), JSON.stringify(p.thresholds));
});

test('--phase resolves only the auth profiles of the phases that run; a failing login ends the run with exit 2 and an ERROR verdict line', async () => {
  const text = `name: partial-auth
auth:
  broken: { login: { path: /api/v1/auth/login, body: { email: nobody@example.com, password: wrong }, token: access_token } }
phases:
  - { name: needs-login, kind: check, request: { path: /api/v1/bookings, auth: broken }, expect: { status: 200 } }
  - { name: public, kind: check, request: { path: /health }, expect: { status: 200 } }
`;
  const only = await runScenario(text, ['--phase', 'public', '--quiet']);
  assert.equal(only.code, 0, only.stderr);
  assert.deepEqual(only.result.phases.map((p) => p.name), ['public']);
  const all = await runScenario(text, ['--quiet']);
  assert.equal(all.code, 2);
  assert.match(all.stdout, /^Verdict: ERROR \(exit 2\) — run ended early: .*auth profile "broken": login POST \/api\/v1\/auth\/login answered 401/);
  assert.match(all.result.error ?? '', /auth profile "broken"/);
});

test('a misspelt flag names the flag it probably meant and the command\'s help', async () => {
  const r = await runCli(['run', 'scenarios/rate-probe-25.yaml', '--thresold', 'latency: p(95)<1s']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^limitprobe: Unknown argument: thresold \(did you mean --threshold\?\)\nRun 'limitprobe run --help' for usage\./);
});
