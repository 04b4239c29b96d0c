import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { UserError } from '../../src/errors.js';
import { parseDuration } from '../../src/scenario/duration.js';
import { schemaJson } from '../../src/scenario/emit-schema.js';
import { ROOT, runCli } from '../helpers/cli.js';

const dir = await mkdtemp(join(tmpdir(), 'limitprobe-scenario-'));
let n = 0;

async function write(text: string, ext = 'yaml'): Promise<string> {
  const file = join(dir, `s${n++}.${ext}`);
  await writeFile(file, text);
  return file;
}

/** The problems of a scenario text, as the user reads them. */
async function problems(text: string, env: NodeJS.ProcessEnv = {}, ext = 'yaml'): Promise<string> {
  const file = await write(text, ext);
  try {
    await loadScenario(file, env);
  } catch (e) {
    assert.ok(e instanceof UserError, `expected a UserError, got ${e}`);
    return e.message;
  }
  assert.fail('scenario was accepted');
}

const VALID = `name: ok
phases:
  - name: health
    kind: check
    request: { path: /health }
    expect: { status: 200 }
`;

test('a valid scenario loads, durations and interpolated numbers become numbers', async () => {
  const file = await write(`name: ok
target: \${T:-embedded}
phases:
  - name: p
    kind: burst
    connections: \${C}
    requests: 10
    mix: [{ name: h, path: /health }]
`);
  const { scenario } = await loadScenario(file, { C: '4' });
  assert.equal(scenario.target, 'embedded');
  const phase = scenario.phases[0];
  assert.equal(phase.kind, 'burst');
  assert.equal((phase as { connections: number }).connections, 4);
});

test('an unknown key is an error naming the path, the key, a suggestion and the allowed keys', async () => {
  const msg = await problems(VALID.replace('kind: check', 'kind: check\n    expectt: {}'));
  assert.match(msg, /phases\[0\]\.expectt: unknown key "expectt" \(did you mean "expect"\?\)/);
  assert.match(msg, /allowed keys: .*request/);
  assert.match(msg, /:5:\d+:/, 'line number of the offending key');
});

test('a wrong type names the path inside the file, the value and what is allowed', async () => {
  const msg = await problems(`name: x
phases:
  - name: b
    kind: burst
    connections: 2
    requests: 5
    mix:
      - { name: a, path: /a, weight: heavy }
`);
  assert.match(msg, /phases\[0\]\.mix\[0\]\.weight: must be a number, got "heavy"/);
});

test('a literal string is not turned into a number; a negative number names the bound', async () => {
  const msg = await problems(VALID.replace('status: 200', 'status: "200"'));
  assert.match(msg, /phases\[0\]\.expect\.status/);
  const neg = await problems(`name: x
phases:
  - { name: b, kind: burst, connections: 0, requests: 5, mix: [{ name: a, path: /a }] }
`);
  assert.match(neg, /phases\[0\]\.connections: must be ≥ 1, got 0/);
});

test('missing required keys and unknown phase kinds are named', async () => {
  assert.match(await problems('name: x\n'), /missing required key "phases"/);
  const kind = await problems('name: x\nphases:\n  - { name: a, kind: soak }\n');
  assert.match(kind, /phases\[0\]\.kind: .*"soak".*burst, flood, check, rate-probe/);
  const req = await problems('name: x\nphases:\n  - { name: a, kind: check, expect: { status: 200 } }\n');
  assert.match(req, /phases\[0\]: missing required key "request"/);
});

test('bad durations say what a duration looks like', async () => {
  const msg = await problems(`name: x
phases:
  - { name: f, kind: flood, connections: 2, duration: 10 seconds, mix: [{ name: a, path: /a }] }
`);
  assert.match(msg, /phases\[0\]\.duration: must be a duration with its unit such as 500ms, 30s/);
});

test('a flood that mixes the closed and open models is one clear error', async () => {
  const msg = await problems(`name: x
phases:
  - { name: f, kind: flood, connections: 2, rate: 10, duration: 1s, mix: [{ name: a, path: /a }] }
`);
  assert.match(msg, /phases\[0\]: mixes the closed model \(connections\) with the open model \(rate\)/);
});

test('a missing environment variable without default is an error naming it', async () => {
  const msg = await problems(VALID.replace('{ path: /health }', '{ path: "${HEALTH_PATH}" }'));
  assert.match(msg, /phases\[0\]\.request\.path: environment variable HEALTH_PATH is not set; set it or write \$\{HEALTH_PATH:-default\}/);
});

test('names, profiles, thresholds and regular expressions are checked beyond the schema', async () => {
  const dup = await problems(VALID + VALID.split('phases:\n')[1]);
  assert.match(dup, /phases\[1\]\.name: phase name "health" is already used by phases\[0\]/);
  const auth = await problems(`name: x
auth: { admin: { bearer: t } }
phases:
  - { name: c, kind: check, request: { path: /a, auth: amdin }, expect: { status: 200 } }
`);
  assert.match(auth, /phases\[0\]\.request\.auth: unknown auth profile "amdin"; defined profiles: admin/);
  const thr = await problems(`name: x
phases:
  - { name: b, kind: burst, connections: 1, requests: 1, mix: [{ name: a, path: /a }], thresholds: { latency: ["p95<200"] } }
`);
  assert.match(thr, /phases\[0\]\.thresholds\.latency: .*p95<200/);
  const re = await problems(VALID.replace('expect: { status: 200 }', 'expect: { headers: [{ name: X, matches: "(" }] }'));
  assert.match(re, /phases\[0\]\.expect: .*header X matches.*\(/);
  const strategies = await problems(`name: x
phases:
  - { name: p, kind: rate-probe, request: { path: /a }, limit: 5, window: 1s, strategies: [sequentail] }
`);
  assert.match(strategies, /phases\[0\]\.strategies\[0\]: unknown strategy "sequentail"; one of sequential/);
});

test('every problem of a file is listed at once', async () => {
  const msg = await problems(`name: x
phases:
  - { name: a, kind: burst, connections: 0, requests: 0, mix: [{ name: a, path: nope }] }
`);
  assert.match(msg, /3 problems/);
});

test('YAML and JSON syntax errors point at the line', async () => {
  const yaml = await problems('name: x\nphases:\n  - name: a\n   kind: check\n');
  assert.match(yaml, /s\d+\.yaml:4:1: YAML syntax error: [^\n]*without - indicator$/m);
  const json = await problems('{"name": "x", "phases": [}', {}, 'json');
  assert.match(json, /s\d+\.json:1:\d+: JSON syntax error/);
  const dupKey = await problems('name: x\nname: y\nphases: []\n');
  assert.match(dupKey, /syntax error: .*[Uu]nique|duplicate/i);
});

test('a secret never appears in a validation message', async () => {
  const msg = await problems(`name: x
auth:
  a: { jwt: { secret: 12345678, algorithm: HS999 } }
phases:
  - { name: c, kind: check, request: { path: /a, headers: { Authorization: 42 } }, expect: { status: 200 } }
`);
  assert.match(msg, /algorithm/);
  assert.doesNotMatch(msg, /12345678/);
});

test('the validate command: exit 0 for the shipped scenarios, 2 with file:line for a bad one', async () => {
  const shipped = (await readdir(join(ROOT, 'scenarios'))).filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f));
  assert.ok(shipped.length >= 4);
  const ok = await runCli(['validate', ...shipped]);
  assert.equal(ok.code, 0, ok.stderr);
  for (const f of shipped) assert.match(ok.stdout, new RegExp(`${f.replace(/[.]/g, '\\.')}: valid`));
  const bad = await write(VALID.replace('status: 200', 'status: 999'));
  const res = await runCli(['validate', bad]);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /:6:\d+: phases\[0\]\.expect\.status: must be ≤ 599, got 999/);
  const missing = await runCli(['validate', join(dir, 'nope.yaml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.yaml: cannot read scenario: no such file/);
});

test('the shipped JSON Schema file is the schema the validator uses', async () => {
  const file = await readFile(join(ROOT, 'schema', 'scenario.schema.json'), 'utf8');
  assert.equal(file, schemaJson());
});

test('a duration string without a unit is refused (WINDOW=60 is not 60 ms); a YAML number is milliseconds; 0 needs no unit', async () => {
  const probe = 'name: x\nphases:\n  - { name: p, kind: rate-probe, request: { path: /a }, limit: 5, window: "${WINDOW}" }\n';
  const msg = await problems(probe, { WINDOW: '60' });
  assert.match(msg, /phases\[0\]\.window: must be a duration with its unit .*got "60"/);
  const ok = await loadScenario(await write(probe.replace('"${WINDOW}"', '60000'), 'yaml'), {});
  assert.equal(parseDuration((ok.scenario.phases[0] as { window: unknown }).window, 'window'), 60_000);
  assert.equal(parseDuration('0', '--latency'), 0);
  assert.throws(() => parseDuration('60', '--window'), /--window: duration "60" has no unit; write 60s, 60ms or 60m/);
});

test('a misspelt key is one problem at the key (not also "missing request"); an unset variable is one problem; an unquoted ${…} in { } gets a hint', async () => {
  const typo = await problems('name: x\nphases:\n  - name: c\n    kind: check\n    reqest: { path: /health }\n    expect: { status: 200 }\n');
  assert.match(typo, /:5:5: phases\[0\]\.reqest: unknown key "reqest" \(did you mean "request"\?\)/);
  assert.doesNotMatch(typo, /missing required key "request"/);
  const unset = await problems('name: x\nauth:\n  t: { bearer: "${API_TOKEN}" }\nphases:\n  - { name: c, kind: check, request: { path: /h, auth: t }, expect: { status: 200 } }\n', {});
  assert.match(unset, /auth\.t\.bearer: environment variable API_TOKEN is not set/);
  assert.doesNotMatch(unset, /must not be empty/);
  const flow = await problems('name: x\nphases:\n  - { name: c, kind: check, request: { path: ${P:-/health} }, expect: { status: 200 } }\n');
  assert.match(flow, /YAML syntax error/);
  assert.match(flow, /hint: line 3 has an unquoted \$\{…\} inside \{ \} or \[ \]: quote it/);
});
