import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Progress } from '../../src/report/progress.js';

/** A stream that keeps what was written; `isTTY`/`columns` as a terminal would set them. */
function sink(tty: boolean, columns?: number) {
  const chunks: string[] = [];
  const s = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } }) as unknown as NodeJS.WriteStream & { chunks: string[] };
  Object.assign(s, { isTTY: tty, columns, chunks });
  return s;
}

const snap = (elapsedMs: number) => ({ elapsedMs, requests: elapsedMs / 10, rps: 100, p99Ms: 12.345, statuses: { '429': 3, '200': elapsedMs / 10 - 3 }, errors: 1 });

/** A 35 s phase updated every 250 ms, as the run command does. */
function drive(p: Progress): void {
  p.phaseStart('api-flood', 35_000, null);
  for (let t = 250; t <= 35_000; t += 250) p.update(snap(t));
  p.phaseEnd();
}

test('not a TTY: a start line, one plain line per 10 s, an end line', () => {
  const s = sink(false);
  drive(new Progress({ tty: false, quiet: false, stream: s }));
  const lines = s.chunks.join('').split('\n').filter(Boolean);
  assert.equal(lines.length, 5);
  assert.equal(lines[0], 'phase api-flood started (35.0s)');
  assert.equal(lines[1], 'api-flood  10.0s/35.0s  1000 req  100.0 rps  p99 12.35ms  200:997 429:3  errors 1');
  assert.match(lines[2], /^api-flood  20\.0s\/35\.0s  2000 req/);
  assert.match(lines[3], /^api-flood  30\.0s\/35\.0s/);
  assert.match(lines[4], /^api-flood  35\.0s\/35\.0s  3500 req .* \(done\)$/);
  assert.doesNotMatch(s.chunks.join(''), /\r|\u001b/);
});

test('TTY: one line redrawn in place, kept when the phase ends; never wider than the terminal', () => {
  const s = sink(true, 60);
  drive(new Progress({ tty: true, quiet: false, stream: s }));
  const text = s.chunks.join('');
  assert.equal(s.chunks.length, 140 + 1); // every update redraws, plus the final line
  assert.ok(s.chunks.every((c) => c.startsWith('\r\u001b[2K')));
  assert.equal(text.split('\n').length - 1, 1, 'only the final line ends with a newline');
  for (const c of s.chunks) assert.ok(c.replace('\r\u001b[2K', '').replace('\n', '').length < 60, c);
});

test('TTY with a request total shows done/total', () => {
  const s = sink(true, 200);
  const p = new Progress({ tty: true, quiet: false, stream: s });
  p.phaseStart('burst', null, 10);
  p.update({ elapsedMs: 40, requests: 4, rps: 100, p99Ms: null, statuses: {}, errors: 0 });
  assert.equal(s.chunks[0], '\r\u001b[2Kburst  40ms  4/10 req  100.0 rps  p99 -  no responses yet  errors 0');
});

test('quiet: nothing at all', () => {
  for (const tty of [true, false]) {
    const s = sink(tty, 80);
    drive(new Progress({ tty, quiet: true, stream: s }));
    assert.deepEqual(s.chunks, []);
  }
});
