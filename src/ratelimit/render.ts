import Table from 'cli-table3';
import type { Finding } from '../model/result.js';
import type { ProbeReport, TimelineEntry } from './types.js';

/** Rows shown before the table is cut (the JSON output always has the whole timeline). */
const MAX_ROWS = 80;

const VERDICT_WORD = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' } as const;
const SEVERITY_MARK = { fail: 'FAIL', warn: 'warn', info: 'info' } as const;

/** The human report of a probe: verdict line, findings, strategies, a compact timeline. */
export function renderProbe(report: ProbeReport): string {
  const out: string[] = [];
  out.push(`${VERDICT_WORD[report.verdict]}: ${report.reason}`);
  out.push(`  ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)}s; sequential: ${report.admitted} admitted, ${report.limited} limited, first limited at ${report.firstLimitedAt === null ? '—' : `#${report.firstLimitedAt}`}`);
  out.push('', 'Findings:');
  out.push(...renderFindingLines(report.findings));
  out.push('', 'Strategies:');
  for (const s of report.strategies) out.push(`  ${s.name.padEnd(11)} ${VERDICT_WORD[s.verdict].padEnd(12)} ${s.summary}`);
  out.push('', 'Timeline:', renderTimeline(report.timeline));
  if (report.redis) {
    out.push('', `Redis: ${report.redis.error ? `not inspected (${report.redis.error})` : `${report.redis.keys.length} limiter keys created or changed`}`);
  }
  return out.join('\n');
}

export function renderFindingLines(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return ['  (none)'];
  const order = { fail: 0, warn: 1, info: 2 } as const;
  return [...findings].sort((a, b) => order[a.severity] - order[b.severity]).map((f) => `  ${SEVERITY_MARK[f.severity].padEnd(4)} ${f.code}: ${f.message}`);
}

export function renderTimeline(entries: readonly TimelineEntry[]): string {
  const table = new Table({
    head: ['#', 'strategy', 'id', 't ms', 'status', 'ms', 'remaining', 'retry-after', 'outcome'],
    style: { head: [], border: [], compact: true },
  });
  for (const e of entries.slice(0, MAX_ROWS)) {
    const lim = e.limits;
    const remaining = lim ? `${lim.remaining ?? '?'}/${lim.limit ?? '?'}` : '';
    table.push([
      e.index,
      e.strategy,
      e.identity,
      Math.round(e.sendOffsetMs),
      e.status ?? e.errorKind ?? 'error',
      e.latencyMs.toFixed(1),
      remaining,
      e.retryAfter?.raw ?? '',
      e.outcome + (e.method !== 'GET' ? ` (${e.method})` : ''),
    ]);
  }
  const more = entries.length > MAX_ROWS ? `\n  … ${entries.length - MAX_ROWS} more rows (use --json for all)` : '';
  return table.toString() + more;
}
