import type { RunResult } from '../model/result.js';
import type { TableData } from './table-model.js';
import { phaseTables, runSummaryTable } from './phase-tables.js';
import { fmtDuration } from './format.js';
import { phaseVerdictText, runVerdictLine, verdictLabel } from './verdict-text.js';
import type { Reporter } from './reporter-types.js';

/** GitHub-flavoured Markdown: the console's tables, for PR comments and GITHUB_STEP_SUMMARY. */
export const markdownReporter: Reporter = {
  format: 'md',
  extension: 'md',
  render: (results) => results.map(renderRun).join('\n---\n\n'),
};

const ICON = { pass: '✅', fail: '❌', inconclusive: '⚠️' } as const;

function renderRun(r: RunResult): string {
  const out: string[] = [];
  out.push(`# ${ICON[r.verdict]} limitprobe: ${escapeText(r.scenario.name)} — ${verdictLabel(r.verdict)}`);
  out.push(`Target \`${escapeCode(r.scenario.target)}\`, started ${r.startedAt}, ${fmtDuration(r.durationMs)}${r.interrupted ? ', **interrupted** (partial results)' : ''}.`);
  if (r.error) out.push(`**Run ended early:** ${escapeText(r.error)}`);
  if (r.phases.length > 1) out.push(renderTable(runSummaryTable(r)));
  for (const p of r.phases) {
    out.push(`## ${ICON[p.verdict]} ${escapeText(p.name)} (${escapeText(p.kind)}${p.model ? `, ${p.model}` : ''})`);
    out.push(`**${escapeText(phaseVerdictText(p))}**`);
    for (const t of phaseTables(p)) out.push(renderTable(t));
  }
  out.push(`**${escapeText(runVerdictLine(r))}**`);
  return out.join('\n\n') + '\n';
}

export function renderTable(t: TableData): string {
  const title = `**${escapeText(t.title)}**${t.note ? ` — ${escapeText(t.note)}` : ''}`;
  const align = t.head.map((_, i) => (t.numeric?.includes(i) ? '---:' : '---'));
  const lines = [
    `| ${t.head.map(escapeCell).join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...t.rows.map((row) => `| ${row.map((c) => (c.tone === 'bad' ? `**${escapeCell(c.text)}**` : escapeCell(c.text))).join(' | ')} |`),
  ];
  return `${title}\n\n${lines.join('\n')}`;
}

/** Pipes end a cell and newlines end a row; Markdown emphasis characters are left readable. */
function escapeCell(s: string): string {
  return escapeText(s).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function escapeText(s: string): string {
  return s.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

function escapeCode(s: string): string {
  return s.replace(/`/g, "'");
}
