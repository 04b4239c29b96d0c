import type { Comparison, MetricComparison } from './compare-results.js';
import type { Bound } from './regression-bounds.js';
import { cell, type Cell, type TableData } from './table-model.js';
import { fmtMs, fmtPct, fmtRps } from './format.js';
import { renderTable } from './console.js';
import { painter } from './ansi.js';

/** The compare command's output: a side-by-side table per phase, then one summary line. */
export function renderComparison(cmp: Comparison, bounds: readonly Bound[], files: { baseline: string; current: string }, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const out: string[] = [
    `Comparing scenario ${cmp.scenario}: baseline ${files.baseline} → current ${files.current}`,
    `Bounds: ${bounds.map((b) => b.text).join(', ')} (latency of 2xx/3xx responses)`,
  ];
  for (const p of cmp.phases) {
    if (p.onlyIn) {
      out.push(paint(`Phase ${p.phase}: only in the ${p.onlyIn} run, not compared`, 'warn'));
      continue;
    }
    if (p.requests.length === 0 && p.unmatched.length === 0) {
      out.push(paint(`Phase ${p.phase}: no load measured (a check or rate-probe phase), nothing to compare`, 'muted'));
      continue;
    }
    if (p.notComparable) out.push(paint(`Phase ${p.phase}: not judged, ${p.notComparable}`, 'warn'));
    out.push(renderTable(phaseTable(p.phase, p.requests), paint));
    for (const u of p.unmatched) out.push(paint(`  request ${u.request}: only in the ${u.onlyIn} run, not compared`, 'warn'));
  }
  out.push(paint(summaryLine(cmp), cmp.regressions ? 'bad' : cmp.exitCode === 0 ? 'good' : 'warn'));
  return out.join('\n\n') + '\n';
}

export function summaryLine(cmp: Comparison): string {
  const notJudged = cmp.notJudged ? `, ${cmp.notJudged} bounded value(s) not judged` : '';
  if (cmp.regressions) return `REGRESSION: ${cmp.regressions} value(s) crossed their bound (exit 1)${notJudged}`;
  if (cmp.judged === 0) return `INCONCLUSIVE: no bounded value could be compared (exit 3)${notJudged}`;
  return `OK: ${cmp.judged} bounded value(s) within their bounds (exit 0)${notJudged}`;
}

function phaseTable(phase: string, requests: Comparison['phases'][number]['requests']): TableData {
  const rows: Cell[][] = [];
  for (const r of requests) {
    r.metrics.forEach((m, i) => {
      rows.push([
        cell(i === 0 ? `${r.request} (${r.samples.baseline} → ${r.samples.current} samples)` : ''),
        cell(m.metric === 'p999' ? 'p99.9' : m.metric),
        cell(fmtValue(m, m.baseline)),
        cell(fmtValue(m, m.current)),
        cell(fmtChange(m)),
        cell(m.bound?.text ?? ''),
        statusCell(m),
      ]);
    });
  }
  return { title: `Phase ${phase}`, head: ['request', 'metric', 'baseline', 'current', 'change', 'bound', 'result'], rows, numeric: [2, 3, 4] };
}

function fmtValue(m: MetricComparison, v: number | null): string {
  if (v === null) return '-';
  if (m.unit === 'ms') return `${fmtMs(v)} ms`;
  if (m.unit === 'rps') return fmtRps(v);
  return fmtPct(v);
}

function fmtChange(m: MetricComparison): string {
  if (m.change === null) return '-';
  const sign = m.change > 0 ? '+' : '';
  const text = `${sign}${m.change.toFixed(1)}${m.metric === 'errors' ? ' pts' : '%'}`;
  if (m.unit === 'ms' && m.baseline !== null && m.current !== null) return `${text} (${sign}${fmtMs(m.current - m.baseline)} ms)`;
  return text;
}

function statusCell(m: MetricComparison): Cell {
  switch (m.status) {
    case 'regression': return cell('REGRESSION', 'bad');
    case 'ok': return cell('ok', 'good');
    case 'not-judged': return cell(`not judged: ${m.note ?? ''}`, 'warn');
    default: return cell(m.note ?? '', 'muted');
  }
}
