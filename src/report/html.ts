import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PhaseResult, RunResult } from '../model/result.js';
import type { Reporter } from './reporter-types.js';
import type { TableData } from './table-model.js';
import { phaseTables, runSummaryTable } from './phase-tables.js';
import { fmtDuration } from './format.js';
import { phaseVerdictText, runVerdictLine, verdictLabel } from './verdict-text.js';
import { p99Chart, percentileChart, runsPercentileChart, throughputChart, type ChartSpec } from './html-charts.js';
import { CLIENT_SCRIPT } from './html-client.js';
import { HTML_STYLE } from './html-style.js';

/**
 * One self-contained HTML file that opens offline: uPlot is read from the installed package and
 * inlined (no CDN), the chart data is embedded as JSON, and everything else is static markup.
 */
export const htmlReporter: Reporter = {
  format: 'html',
  extension: 'html',
  render: renderHtml,
};

const require = createRequire(import.meta.url);

/** uPlot's browser build and stylesheet, from wherever npm installed it (works in the published package). */
function uplotAssets(): { js: string; css: string } {
  const js = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  return { js, css };
}

export function renderHtml(results: RunResult[]): string {
  const charts: ChartSpec[] = [];
  const body: string[] = [];
  if (results.length > 1) body.push(runsOverlay(results, charts));
  results.forEach((r, ri) => body.push(runSection(r, ri, charts)));
  const { js, css } = uplotAssets();
  const title = results.length === 1 ? `limitprobe — ${results[0].scenario.name} — ${verdictLabel(results[0].verdict)}` : `limitprobe — ${results.length} runs`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${css}</style>
<style>${HTML_STYLE}</style>
</head>
<body>
${body.join('\n')}
<script type="application/json" id="chart-data">${scriptSafe(JSON.stringify(charts))}</script>
<script>${scriptSafe(js)}</script>
<script>${scriptSafe(CLIENT_SCRIPT)}</script>
</body>
</html>
`;
}

function runSection(r: RunResult, ri: number, charts: ChartSpec[]): string {
  const v = r.verdict;
  const meta = [
    `target <code>${esc(r.scenario.target)}</code>`,
    r.scenario.file ? `file <code>${esc(r.scenario.file)}</code>` : '',
    `started ${esc(r.startedAt)}`,
    `duration ${esc(fmtDuration(r.durationMs))}`,
    `limitprobe ${esc(r.tool.version)}`,
  ].filter(Boolean).join(' · ');
  const parts = [
    `<section class="run">`,
    `<header><h1>${esc(r.scenario.name)} <span class="badge ${v}">${verdictLabel(v)}</span></h1><p class="meta">${meta}</p>`,
    `<p class="verdict ${v}" data-verdict="${v}">${esc(runVerdictLine(r))}</p>`,
    r.interrupted ? `<p class="warn-note">The run was interrupted: every figure below is from what was measured before it stopped.</p>` : '',
    r.error ? `<p class="error-note">Run ended early: ${esc(r.error)}</p>` : '',
    r.phases.length > 1 ? tableHtml(runSummaryTable(r)) : '',
    `</header>`,
    ...r.phases.map((p, pi) => phaseSection(p, pi, r.phases.length, `c${ri}-${pi}`, charts)),
    `</section>`,
  ];
  return parts.filter(Boolean).join('\n');
}

function phaseSection(p: PhaseResult, index: number, total: number, idBase: string, charts: ChartSpec[]): string {
  const specs = [
    percentileChart(`${idBase}-pct`, p),
    p.series.length > 1 ? throughputChart(`${idBase}-rps`, p) : null,
    p.series.length > 1 ? p99Chart(`${idBase}-p99`, p) : null,
  ].filter((c): c is ChartSpec => c !== null);
  charts.push(...specs);
  const short = p.series.length <= 1 && p.totals.requests > 1 ? `<p class="muted">No per-second charts: the phase lasted under two seconds.</p>` : '';
  return [
    `<section class="phase" id="phase-${esc(idBase)}">`,
    `<h2>Phase ${index + 1}/${total}: ${esc(p.name)} <span class="kind">${esc(p.kind)}${p.model ? `, ${esc(p.model)}` : ''}</span> <span class="badge ${p.verdict}">${verdictLabel(p.verdict)}</span></h2>`,
    `<p class="reason ${p.verdict}">${esc(phaseVerdictText(p))}</p>`,
    `<div class="charts">${specs.map((c) => `<div class="chart" id="${c.id}"></div>`).join('')}</div>`,
    short,
    ...phaseTables(p).map(tableHtml),
    `</section>`,
  ].filter(Boolean).join('\n');
}

/** Phases present in several runs get one chart with a curve per run. */
function runsOverlay(results: RunResult[], charts: ChartSpec[]): string {
  const names = [...new Set(results.flatMap((r) => r.phases.map((p) => p.name)))];
  const specs = names.flatMap((name, i) => {
    const runs = results.flatMap((run) => run.phases.filter((p) => p.name === name).map((phase) => ({ run, phase })));
    const c = runsPercentileChart(`runs-${i}`, name, runs);
    return c ? [c] : [];
  });
  if (!specs.length) return '';
  charts.push(...specs);
  return `<section class="runs"><h1>${results.length} runs compared</h1><div class="charts">${specs.map((c) => `<div class="chart" id="${c.id}"></div>`).join('')}</div></section>`;
}

function tableHtml(t: TableData): string {
  const head = t.head.map((h, i) => `<th${t.numeric?.includes(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const rows = t.rows.map((row) => `<tr>${row.map((c, i) => {
    const cls = [c.tone ?? '', t.numeric?.includes(i) ? 'num' : ''].filter(Boolean).join(' ');
    return `<td${cls ? ` class="${cls}"` : ''}>${esc(c.text)}</td>`;
  }).join('')}</tr>`).join('\n');
  const note = t.note ? ` <span class="note">${esc(t.note)}</span>` : '';
  return `<h3>${esc(t.title)}${note}</h3>\n<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Inside <script>, only "</script" and "<!--" can end or confuse the element: escape their "<". */
function scriptSafe(s: string): string {
  return s.replace(/<(\/script|!--)/gi, '\\u003c$1');
}
