import Table from 'cli-table3';
import type { PhaseResult, RunResult } from '../model/result.js';
import type { TableData } from './table-model.js';
import { painter, type Paint } from './ansi.js';
import { phaseTables, runSummaryTable } from './phase-tables.js';
import { fmtDuration } from './format.js';
import { phaseVerdictText, runVerdictLine, verdictTone } from './verdict-text.js';

/**
 * The console output of a run: per phase, its tables and verdict, then the run's verdict line.
 * Colour only when `opts.color` (the caller weighs TTY and NO_COLOR).
 */
export function renderConsole(result: RunResult, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const out: string[] = [runHeader(result)];
  result.phases.forEach((p, i) => out.push(renderPhase(p, i, result.phases.length, paint)));
  if (result.phases.length > 1) out.push(renderTable(runSummaryTable(result), paint));
  if (result.error) out.push(paint(`Run ended early: ${result.error}`, 'bad'));
  out.push(paint(runVerdictLine(result), verdictTone(result.verdict)));
  return out.join('\n\n') + '\n';
}

function runHeader(r: RunResult): string {
  const file = r.scenario.file ? ` (${r.scenario.file})` : '';
  return `Scenario ${r.scenario.name}${file} against ${r.scenario.target}, started ${r.startedAt}, ${fmtDuration(r.durationMs)}${r.interrupted ? ', INTERRUPTED' : ''}`;
}

export function renderPhase(p: PhaseResult, index: number, total: number, paint: Paint): string {
  const title = `Phase ${index + 1}/${total}: ${p.name} (${p.kind}${p.model ? `, ${p.model}` : ''})`;
  const parts = [paint(title, 'bold')];
  for (const t of phaseTables(p)) parts.push(renderTable(t, paint));
  parts.push(paint(`${p.name}: ${phaseVerdictText(p)}`, verdictTone(p.verdict)));
  return parts.join('\n');
}

export function renderTable(t: TableData, paint: Paint): string {
  const table = new Table({
    head: t.head.map((h) => paint(h, 'head')),
    // No colour codes from cli-table3 itself: colour is applied per cell, and only when asked for.
    style: { head: [], border: [], compact: true },
    colAligns: t.head.map((_, i) => (t.numeric?.includes(i) ? 'right' : 'left')),
    wordWrap: true,
    ...(t.head.length > 2 ? { colWidths: columnWidths(t) } : {}),
  });
  for (const row of t.rows) table.push(row.map((c) => paint(c.text, c.tone)));
  const title = t.note ? `${t.title} — ${t.note}` : t.title;
  return `${title}\n${table.toString()}`;
}

/** Long free-text columns (details, messages) wrap at a width that keeps the table under ~120 columns. */
function columnWidths(t: TableData): Array<number | null> {
  const MAX_TEXT = 60;
  return t.head.map((h, i) => {
    const longest = Math.max(h.length, ...t.rows.map((r) => r[i]?.text.length ?? 0));
    return longest > MAX_TEXT ? MAX_TEXT + 2 : null;
  });
}
