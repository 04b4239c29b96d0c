import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { htmlReporter } from '../../src/report/html.js';
import type { RunResult } from '../../src/model/result.js';
import { floodPhase, sampleRun } from './sample-run.js';
import { runResult } from './fixture.js';
import { launchChromium } from './browser.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts');

interface ChartCheck { id: string; canvases: number; seriesPixels: number[] }

/**
 * Opens the report from a file:// URL with every network request refused, and reports for each
 * chart how many canvas pixels have each series' stroke colour (a chart with only axes drawn has
 * none of them).
 */
async function openReport(results: RunResult[], shot: string) {
  const dir = await mkdtemp(join(tmpdir(), 'lp-html-'));
  const file = join(dir, 'report.html');
  await writeFile(file, htmlReporter.render(results));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    const network: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      network.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    // Taken before the pixel readback below, whose own Canvas2D performance warning is not the page's.
    const pageProblems = [...problems];
    const charts: ChartCheck[] = await page.evaluate(() => {
      const specs = JSON.parse(document.getElementById('chart-data')!.textContent!) as Array<{ id: string; series: Array<{ color: string }> }>;
      const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      return specs.map((spec) => {
        const canvases = Array.from(document.querySelectorAll(`#${spec.id} canvas`)) as HTMLCanvasElement[];
        const seriesPixels = spec.series.map((s) => {
          const [r, g, b] = rgb(s.color);
          let n = 0;
          for (const c of canvases) {
            const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
            for (let i = 0; i < d.length; i += 4) {
              if (d[i + 3] > 200 && Math.abs(d[i] - r) < 12 && Math.abs(d[i + 1] - g) < 12 && Math.abs(d[i + 2] - b) < 12) n++;
            }
          }
          return n;
        });
        return { id: spec.id, canvases: canvases.length, seriesPixels };
      });
    });
    const text = await page.evaluate(() => document.body.innerText);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: true });
    return { problems: pageProblems, network, charts, text };
  } finally {
    await browser.close();
  }
}

test('HTML report opens offline in Chromium: no console errors, every chart drawn, verdicts shown', async () => {
  const run = sampleRun();
  const { problems, network, charts, text } = await openReport([run], 'report-sample.png');
  assert.deepEqual(problems, []);
  assert.deepEqual(network, [], 'no request leaves the file');
  // health-burst: percentile chart only (1 s of series); api-flood: 3 charts; probe: percentile chart.
  assert.deepEqual(charts.map((c) => c.id), ['c0-0-pct', 'c0-1-pct', 'c0-1-rps', 'c0-1-p99', 'c0-2-pct']);
  for (const c of charts) {
    assert.ok(c.canvases >= 1, `${c.id} has a canvas`);
    c.seriesPixels.forEach((n, i) => assert.ok(n > 20, `${c.id} series ${i} drew its line (${n} pixels)`));
  }
  assert.match(text, /Verdict: FAIL \(exit 1\): api-flood FAIL/);
  assert.match(text, /api-flood\s+flood, closed\s+FAIL/);
  assert.match(text, /limited at request 21 of 25 as declared/);
  assert.match(text, /status\{code:429\}: count==0\s+2200\s+FAIL/);
  assert.match(text, /sequential: #1–20 200 admitted · #21–25 429 limited/);
});

test('HTML report of two runs overlays their latency curves', async () => {
  const a = runResult('nightly', [floodPhase({ seed: 1 })], 'fail');
  const b = runResult('nightly', [floodPhase({ seed: 5, bookingsMedianUs: 12000 })], 'fail');
  b.startedAt = '2024-05-02T10:00:00.000Z';
  const { problems, charts } = await openReport([a, b], 'report-two-runs.png');
  assert.deepEqual(problems, []);
  const overlay = charts.find((c) => c.id === 'runs-0');
  assert.ok(overlay, 'an overlay chart for the shared phase');
  assert.equal(overlay.seriesPixels.length, 2);
  overlay.seriesPixels.forEach((n, i) => assert.ok(n > 20, `run ${i + 1} curve drawn (${n} pixels)`));
});
