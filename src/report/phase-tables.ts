import type { CheckResult, Finding, PhaseResult, RunResult, ThresholdResult } from '../model/result.js';
import { errorCount } from '../thresholds/observe.js';
import { cell, cells, type Cell, type TableData, type Tone } from './table-model.js';
import { fmtDuration, fmtMs, fmtPct, fmtRps, fmtThresholdObserved } from './format.js';
import { latencyRows } from './latency-rows.js';
import { asProbeReport, compactTimeline } from './probe-view.js';
import { verdictLabel, verdictTone } from './verdict-text.js';

/** Every table of one phase, in reading order. Empty sections are left out. */
export function phaseTables(p: PhaseResult): TableData[] {
  return [
    overviewTable(p),
    statusTable(p),
    errorsTable(p),
    latencyTable(p),
    checksTable(p.checks),
    thresholdsTable(p.thresholds),
    ...probeTables(p.probe),
    findingsTable('Findings', p.findings ?? []),
  ].filter((t): t is TableData => t !== null);
}

function overviewTable(p: PhaseResult): TableData {
  const t = p.totals;
  const errors = errorCount(t);
  const head = ['requests', 'responses', 'successes', 'success rate', 'errors', 'rps', 'duration', 'model'];
  const row = cells(
    t.requests,
    t.responses,
    t.successes,
    cell(t.requests ? fmtPct(t.successes / t.requests) : '-'),
    cell(errors, errors > 0 ? 'bad' : undefined),
    fmtRps(phaseRps(p)),
    fmtDuration(p.durationMs),
    p.model ?? p.kind,
  );
  if (t.achievedRate !== undefined) {
    head.push('achieved rate');
    const asked = typeof p.settings.rate === 'number' ? ` of ${p.settings.rate}/s` : '';
    row.push(cell(`${fmtRps(t.achievedRate)}/s${asked}`));
  }
  if (t.dropped !== undefined) {
    head.push('dropped');
    row.push(cell(t.dropped, t.dropped > 0 ? 'warn' : undefined));
  }
  return { title: 'Requests', head, rows: [row], numeric: [0, 1, 2, 3, 4, 5] };
}

export function statusTone(code: number): Tone | undefined {
  if (code === 429) return 'warn';
  if (code >= 500) return 'bad';
  if (code >= 400) return 'warn';
  if (code >= 200 && code < 400) return 'good';
  return undefined;
}

function statusTable(p: PhaseResult): TableData {
  const entries = Object.entries(p.totals.statuses).sort(([a], [b]) => Number(a) - Number(b));
  const total = p.totals.requests;
  const rows = entries.map(([code, n]) => [cell(code, statusTone(Number(code))), cell(n), cell(total ? fmtPct(n / total) : '-')]);
  if (!rows.length) rows.push([cell('no responses', 'muted'), cell(0), cell('-')]);
  return { title: 'Status codes', head: ['status', 'count', 'share'], rows, numeric: [1, 2] };
}

function errorsTable(p: PhaseResult): TableData | null {
  const entries = Object.entries(p.totals.errors).filter(([, n]) => n > 0).sort(([, a], [, b]) => b - a);
  if (!entries.length) return null;
  const total = p.totals.requests;
  return {
    title: 'Errors (no response)',
    head: ['kind', 'count', 'share'],
    rows: entries.map(([kind, n]) => [cell(kind, 'bad'), cell(n), cell(total ? fmtPct(n / total) : '-')]),
    numeric: [1, 2],
  };
}

function latencyTable(p: PhaseResult): TableData | null {
  const rows = latencyRows(p.requests);
  if (!rows.length) return null;
  const timing = rows[0].timing;
  return {
    title: 'Latency (ms)',
    note: `${timing === 'intended' ? 'from the intended send time (open model, free of coordinated omission)' : 'from the actual send time'}; HDR histograms, 2xx/3xx rows are the headline`,
    head: ['request', 'status', 'count', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max'],
    rows: rows.map((r) => {
      const s = r.summary;
      const tone: Tone | undefined = r.status === '2xx/3xx' ? undefined : 'muted';
      if (!s) return [cell(r.request), cell(r.status, tone), cell(0), ...Array.from({ length: 6 }, () => cell('-', 'muted'))];
      return [cell(r.request), cell(r.status, tone), cell(s.count), ...[s.p50, s.p90, s.p95, s.p99, s.p999, s.max].map((v) => cell(fmtMs(v), tone))];
    }),
    numeric: [2, 3, 4, 5, 6, 7, 8],
  };
}

export function checkState(c: CheckResult): { label: string; tone: Tone } {
  if (c.inconclusive) return { label: 'INCONCLUSIVE', tone: 'warn' };
  return c.passed ? { label: 'PASS', tone: 'good' } : { label: 'FAIL', tone: 'bad' };
}

function checksTable(checks: readonly CheckResult[]): TableData | null {
  if (!checks.length) return null;
  const passed = checks.filter((c) => c.passed && !c.inconclusive).length;
  return {
    title: 'Checks',
    note: `${passed} of ${checks.length} passed`,
    head: ['check', 'result', 'detail'],
    rows: checks.map((c) => {
      const s = checkState(c);
      return [cell(c.request ? `${c.name} (${c.request})` : c.name), cell(s.label, s.tone), cell(c.message)];
    }),
  };
}

export function thresholdState(t: ThresholdResult): { label: string; tone: Tone } {
  if (t.inconclusive) return { label: 'INCONCLUSIVE', tone: 'warn' };
  return t.passed ? { label: 'PASS', tone: 'good' } : { label: 'FAIL', tone: 'bad' };
}

function thresholdsTable(ts: readonly ThresholdResult[]): TableData | null {
  if (!ts.length) return null;
  return {
    title: 'Thresholds',
    head: ['threshold', 'observed', 'result', 'detail'],
    rows: ts.map((t) => {
      const s = thresholdState(t);
      const prefix = `${t.metric}: ${t.expression}: `;
      const detail = t.passed ? '' : t.message.startsWith(prefix) ? t.message.slice(prefix.length) : t.message;
      const name = `${t.metric}: ${t.expression}${t.abortOnFail ? ' (abortOnFail)' : ''}`;
      return [cell(name), cell(fmtThresholdObserved(t.metric, t.expression, t.observed)), cell(s.label, s.tone), cell(detail)];
    }),
    numeric: [1],
  };
}

const SEVERITY_TONE: Record<Finding['severity'], Tone> = { fail: 'bad', warn: 'warn', info: 'muted' };

function findingsTable(title: string, findings: readonly Finding[]): TableData | null {
  if (!findings.length) return null;
  return {
    title,
    head: ['severity', 'code', 'finding'],
    rows: findings.map((f) => [cell(f.severity, SEVERITY_TONE[f.severity]), cell(f.code), cell(f.message)]),
  };
}

function probeTables(probe: unknown): TableData[] {
  const r = asProbeReport(probe);
  if (!r) return [];
  const out: TableData[] = [{
    title: 'Rate-limit probe',
    note: r.reason,
    head: ['verdict', 'admitted', 'limited', 'first limited at'],
    rows: [[cell(verdictLabel(r.verdict), verdictTone(r.verdict)), cell(r.admitted ?? '-'), cell(r.limited ?? '-'), cell(r.firstLimitedAt ?? 'never')]],
    numeric: [1, 2, 3],
  }];
  if (r.strategies.length) {
    out.push({
      title: 'Probe strategies',
      head: ['strategy', 'verdict', 'summary'],
      rows: r.strategies.map((s) => [cell(s.name), cell(verdictLabel(s.verdict), verdictTone(s.verdict)), cell(s.summary)]),
    });
  }
  const findings = findingsTable('Probe findings', r.findings);
  if (findings) out.push(findings);
  const redis = r.redis;
  if (redis?.error) out.push({ title: 'Redis limiter evidence', head: ['status'], rows: [[cell(`not inspected: ${redis.error}`, 'warn')]] });
  const redisFindings = redis ? findingsTable('Redis limiter evidence', redis.findings ?? []) : null;
  if (redisFindings) out.push(redisFindings);
  const lines = compactTimeline(r.timeline);
  if (lines.length) {
    out.push({ title: 'Probe timeline', head: ['answers in order'], rows: lines.map((l): Cell[] => [cell(l)]) });
  }
  return out;
}

/** A check phase sends one request (two with a CORS preflight): a rate would mean nothing. */
function phaseRps(p: PhaseResult): number | null {
  return p.kind === 'check' ? null : p.totals.rps;
}

/** One row per phase: what a reader scans first in the morning. p95 is of the successful responses. */
export function runSummaryTable(r: RunResult): TableData {
  return {
    title: 'Phases',
    head: ['phase', 'kind', 'verdict', 'requests', 'rps', 'p95 ms', 'why'],
    rows: r.phases.map((p) => {
      const headline = latencyRows(p.requests).find((x) => x.status === '2xx/3xx' && (p.requests.length === 1 || x.request === 'all'));
      return [
        cell(p.name),
        cell(p.model ? `${p.kind}, ${p.model}` : p.kind),
        cell(`${verdictLabel(p.verdict)}${p.interrupted ? ' (interrupted)' : ''}`, verdictTone(p.verdict)),
        cell(p.totals.requests),
        cell(fmtRps(phaseRps(p))),
        cell(fmtMs(headline?.summary?.p95 ?? null)),
        cell(p.reason ?? ''),
      ];
    }),
    numeric: [3, 4, 5],
  };
}
