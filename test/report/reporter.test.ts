import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReports } from '../../src/report/reporter.js';
import { UserError } from '../../src/errors.js';
import { sampleRun } from './sample-run.js';

test('writeReports writes <base>.<ext> per format and returns the paths', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lp-write-'));
  const base = join(dir, 'sub', 'prelaunch-1');
  const saved = process.env.GITHUB_STEP_SUMMARY;
  delete process.env.GITHUB_STEP_SUMMARY;
  try {
    const paths = await writeReports([sampleRun()], ['junit', 'md,html', 'md'], base);
    assert.deepEqual(paths, [`${base}.xml`, `${base}.md`, `${base}.html`]);
    for (const p of paths) assert.ok((await readFile(p, 'utf8')).length > 100);
  } finally {
    if (saved !== undefined) process.env.GITHUB_STEP_SUMMARY = saved;
  }
});

test('an unknown format names --report, the value and the valid ones, before anything is written', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lp-write-bad-'));
  await assert.rejects(writeReports([sampleRun()], ['md', 'pdf'], join(dir, 'x')), (e: unknown) =>
    e instanceof UserError && e.exitCode === 2 && e.message === '--report "pdf": unknown report format; valid formats: junit, md, html');
  await assert.rejects(readFile(join(dir, 'x.md')), /ENOENT/);
});

test('an unwritable path is a clear error naming it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lp-write-file-'));
  const file = join(dir, 'plain-file');
  await writeFile(file, 'x');
  await assert.rejects(writeReports([sampleRun()], ['md'], join(file, 'under-a-file')), (e: unknown) =>
    e instanceof UserError && e.message.includes(join(file, 'under-a-file.md')));
});

test('Markdown tables escape pipes and keep one row per line', async () => {
  const run = sampleRun();
  run.phases[0].checks[0].message = 'a | b\nc';
  const dir = await mkdtemp(join(tmpdir(), 'lp-md-'));
  const [p] = await writeReports([run], ['md'], join(dir, 'r'));
  const md = await readFile(p, 'utf8');
  assert.match(md, /\| health status ok \| PASS \| a \\\| b<br>c \|/);
});
