import Table from 'cli-table3';
import type { Finding } from '../model/result.js';
import type { InspectReport } from './inspect.js';

const MAX_ROWS = 200;
const MAX_KEY_WIDTH = 66;

/** The human view of an inspection: a header line, the key table, then findings. */
export function renderInspect(r: InspectReport): string {
  const lines: string[] = [];
  const matched = r.patterns.length > 4 ? `${r.patterns.length} known limiter patterns` : r.patterns.join(' ');
  lines.push(`Redis ${r.redis}${r.cluster ? ` (cluster, ${r.nodes.length} masters)` : ''}: ${r.keys.length} keys matching ${matched}${r.truncated ? ' (scan stopped early)' : ''}`);
  if (r.keys.length > 0) {
    // Most keys fit unwrapped (users copy them into redis-cli); very long ones (Kong's two UUIDs)
    // are cut at a fixed width rather than stretching the table; --json has them whole.
    const keyWidth = Math.min(MAX_KEY_WIDTH, Math.max(...r.keys.slice(0, MAX_ROWS).map((k) => k.key.length), 3) + 2);
    const colWidths = [keyWidth, null, null, 42, null, null] as unknown as number[];
    const t = new Table({ head: ['key', 'library / algorithm', 'type', 'value', 'TTL', 'findings'], wordWrap: true, colWidths, style: { head: [], border: [] } });
    for (const k of r.keys.slice(0, MAX_ROWS)) {
      t.push([{ content: k.key, wrapOnWordBoundary: false }, k.library ? `${k.library}\n${k.algorithm}` : '(unrecognised)', k.type, k.summary, k.ttl, k.findings.join('\n')]);
    }
    lines.push(t.toString());
    if (r.keys.length > MAX_ROWS) lines.push(`… ${r.keys.length - MAX_ROWS} more keys (use --json for all)`);
  }
  lines.push(renderFindings(r.findings));
  lines.push(`Verdict: ${r.verdict.toUpperCase()} (${r.reason})`);
  return lines.join('\n');
}

export function renderFindings(findings: Finding[]): string {
  if (findings.length === 0) return 'No findings.';
  return findings.map((f) => `${f.severity.toUpperCase().padEnd(4)} ${f.code}: ${f.message}`).join('\n');
}
