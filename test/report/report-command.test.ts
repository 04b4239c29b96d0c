import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleRun } from './sample-run.js';
import { xmllintSchemaErrors, xpath } from './xmllint.js';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(process.cwd(), 'bin', 'limitprobe.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('limitprobe report re-renders a saved result next to it, in every format', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lp-report-'));
  const json = join(dir, 'prelaunch-20240501T100000Z.json');
  await writeFile(json, JSON.stringify(sampleRun(), null, 2));
  const summary = join(dir, 'step-summary.md');
  await writeFile(summary, '# earlier step\n');
  const r = cli(['report', json, '--format', 'junit,md', '--format', 'html'], { GITHUB_STEP_SUMMARY: summary });
  assert.equal(r.code, 0, r.err);
  const base = json.replace(/\.json$/, '');
  assert.equal(r.out, `Wrote ${base}.xml\nWrote ${base}.md\nWrote ${base}.html\n`);
  assert.equal(xmllintSchemaErrors(`${base}.xml`), null);
  assert.equal(xpath(`${base}.xml`, 'count(//testsuite)'), '3');
  const md = await readFile(`${base}.md`, 'utf8');
  assert.match(md, /^# ❌ limitprobe: prelaunch — FAIL/m);
  assert.match(md, /\| status\{code:429\}: count==0 \| 2200 \| \*\*FAIL\*\* \|/);
  assert.match(md, /\*\*Verdict: FAIL \(exit 1\): api-flood FAIL\*\*/);
  const appended = await readFile(summary, 'utf8');
  assert.ok(appended.startsWith('# earlier step\n'), 'the step summary is appended to, not replaced');
  assert.ok(appended.includes(md), 'the whole Markdown summary is appended');
  const html = await readFile(`${base}.html`, 'utf8');
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|https?:\/\/cdn/i, 'self-contained');
  assert.ok(html.includes('uPlot'), 'uPlot inlined');
});

test('limitprobe report --out names the file; several results make one report', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lp-report-out-'));
  const a = join(dir, 'a.json');
  const b = join(dir, 'b.json');
  const run = sampleRun();
  await writeFile(a, JSON.stringify(run));
  await writeFile(b, JSON.stringify({ ...run, startedAt: '2024-05-02T10:00:00.000Z' }));
  const out = join(dir, 'nightly.html');
  const r = cli(['report', a, b, '--out', out]);
  assert.equal(r.code, 0, r.err);
  assert.ok((await stat(out)).size > 50_000);
  assert.match(await readFile(out, 'utf8'), /2 runs compared/);
});

test('limitprobe report: missing file, bad JSON, not a result, unknown format → one clear line, exit 2', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lp-report-bad-'));
  const bad = join(dir, 'bad.json');
  await writeFile(bad, '{ "schemaVersion": 1, ');
  const other = join(dir, 'package.json');
  await writeFile(other, JSON.stringify({ name: 'x' }));
  const future = join(dir, 'future.json');
  await writeFile(future, JSON.stringify({ ...sampleRun(), schemaVersion: 9 }));
  const good = join(dir, 'good.json');
  await writeFile(good, JSON.stringify(sampleRun()));
  const cases: Array<[string[], RegExp]> = [
    [['report', join(dir, 'missing.json')], /missing\.json: no such file/],
    [['report', bad], /bad\.json: not valid JSON/],
    [['report', other], /package\.json: not a limitprobe result \(no "schemaVersion"\)/],
    [['report', future], /future\.json: result schemaVersion 9 is not supported .*reads schemaVersion 1/],
    [['report', good, '--format', 'pdf'], /--format "pdf": unknown report format; valid formats: junit, md, html/],
  ];
  for (const [args, re] of cases) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, re);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
});
