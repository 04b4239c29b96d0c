import type { CheckResult, PhaseResult, RunResult, ThresholdResult } from '../model/result.js';
import type { Reporter } from './reporter-types.js';
import { attrs, xmlEscape } from './xml.js';
import { fmtThresholdObserved } from './format.js';
import { asProbeReport, compactTimeline } from './probe-view.js';
import { verdictLabel } from './verdict-text.js';

/**
 * JUnit XML as CI systems read it (Ant/Jenkins schema; validated in the tests against
 * test/report/fixtures/junit.xsd): one <testsuite> per phase, one <testcase> per check,
 * threshold and the phase verdict. A failure carries the observed value; something that could
 * not be judged (inconclusive) is an <error>, so CI shows it as neither passed nor failed.
 */
export const junitReporter: Reporter = {
  format: 'junit',
  extension: 'xml',
  render: renderJunit,
};

type Outcome = { kind: 'pass' } | { kind: 'failure' | 'error'; type: string; message: string; text: string };

interface Case {
  name: string;
  timeSeconds: number;
  outcome: Outcome;
}

function renderJunit(results: RunResult[]): string {
  // Several runs of one scenario would repeat suite names: tell them apart by start time.
  const tag = (r: RunResult) => (results.length > 1 ? `@${r.startedAt}` : '');
  const suites = results.flatMap((r) => r.phases.map((p) => suite(r, p, tag(r))));
  const runLevel = results.filter((r) => r.error).map(runErrorSuite);
  const all = [...suites, ...runLevel];
  const count = (k: 'failure' | 'error') => all.reduce((n, s) => n + s.cases.filter((c) => c.outcome.kind === k).length, 0);
  const name = results.length === 1 ? `limitprobe ${results[0].scenario.name}` : 'limitprobe';
  const totalTime = results.reduce((t, r) => t + r.durationMs, 0) / 1000;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name, tests: all.reduce((n, s) => n + s.cases.length, 0), failures: count('failure'), errors: count('error'), time: seconds(totalTime) })}>`,
    ...all.map(renderSuite),
    '</testsuites>',
    '',
  ].join('\n');
}

interface Suite {
  name: string;
  timestamp: string;
  timeSeconds: number;
  properties: Record<string, string>;
  cases: Case[];
  systemOut: string;
}

function suite(r: RunResult, p: PhaseResult, tag: string): Suite {
  const cases: Case[] = [
    ...p.checks.map(checkCase),
    ...p.thresholds.map(thresholdCase),
    verdictCase(p),
  ];
  const probe = asProbeReport(p.probe);
  const out = probe ? [`rate-limit probe: ${verdictLabel(probe.verdict)} — ${probe.reason}`, ...compactTimeline(probe.timeline)].join('\n') : '';
  return {
    name: `${r.scenario.name}${tag}.${p.name}`,
    timestamp: junitTimestamp(p.startedAt),
    timeSeconds: p.durationMs / 1000,
    properties: {
      scenario: r.scenario.name,
      target: r.scenario.target,
      kind: p.kind,
      ...(p.model ? { model: p.model } : {}),
      requests: String(p.totals.requests),
      rps: p.totals.rps.toFixed(2),
      interrupted: String(p.interrupted),
    },
    cases,
    systemOut: out,
  };
}

function checkCase(c: CheckResult): Case {
  const name = `check: ${c.name}${c.request ? ` (${c.request})` : ''}`;
  if (c.inconclusive) return { name, timeSeconds: 0, outcome: { kind: 'error', type: 'inconclusive', message: c.message, text: c.message } };
  if (c.passed) return { name, timeSeconds: 0, outcome: { kind: 'pass' } };
  const detail = [c.message, c.expected !== undefined ? `expected: ${JSON.stringify(c.expected)}` : '', c.observed !== undefined ? `observed: ${JSON.stringify(c.observed)}` : '']
    .filter(Boolean)
    .join('\n');
  return { name, timeSeconds: 0, outcome: { kind: 'failure', type: 'check', message: c.message, text: detail } };
}

function thresholdCase(t: ThresholdResult): Case {
  const name = `threshold: ${t.metric}: ${t.expression}`;
  const observed = fmtThresholdObserved(t.metric, t.expression, t.observed);
  if (t.inconclusive) return { name, timeSeconds: 0, outcome: { kind: 'error', type: 'inconclusive', message: t.message, text: t.message } };
  if (t.passed) return { name, timeSeconds: 0, outcome: { kind: 'pass' } };
  return { name, timeSeconds: 0, outcome: { kind: 'failure', type: 'threshold', message: `observed ${observed}: ${t.message}`, text: t.message } };
}

function verdictCase(p: PhaseResult): Case {
  const probe = asProbeReport(p.probe);
  const findings = [...(p.findings ?? []), ...(probe?.findings ?? [])].filter((f) => f.severity !== 'info');
  const text = [p.reason ?? '', ...findings.map((f) => `${f.severity} ${f.code}: ${f.message}`)].filter(Boolean).join('\n');
  const message = `${verdictLabel(p.verdict)}${p.reason ? `: ${p.reason}` : ''}${p.interrupted ? ' (interrupted)' : ''}`;
  const t = p.durationMs / 1000;
  if (p.verdict === 'pass') return { name: 'verdict', timeSeconds: t, outcome: { kind: 'pass' } };
  return { name: 'verdict', timeSeconds: t, outcome: { kind: p.verdict === 'fail' ? 'failure' : 'error', type: p.verdict === 'fail' ? 'verdict' : 'inconclusive', message, text } };
}

function runErrorSuite(r: RunResult): Suite {
  return {
    name: `${r.scenario.name}.run`,
    timestamp: junitTimestamp(r.startedAt),
    timeSeconds: r.durationMs / 1000,
    properties: { scenario: r.scenario.name },
    cases: [{ name: 'run completed', timeSeconds: r.durationMs / 1000, outcome: { kind: 'error', type: 'run-error', message: r.error ?? '', text: r.error ?? '' } }],
    systemOut: '',
  };
}

function renderSuite(s: Suite): string {
  const failures = s.cases.filter((c) => c.outcome.kind === 'failure').length;
  const errors = s.cases.filter((c) => c.outcome.kind === 'error').length;
  const lines = [
    `  <testsuite${attrs({ name: s.name, tests: s.cases.length, failures, errors, skipped: 0, time: seconds(s.timeSeconds), timestamp: s.timestamp, hostname: 'localhost' })}>`,
    '    <properties>',
    ...Object.entries(s.properties).map(([k, v]) => `      <property${attrs({ name: k, value: v })}/>`),
    '    </properties>',
    ...s.cases.map((c) => renderCase(c, s.name)),
  ];
  if (s.systemOut) lines.push(`    <system-out>${xmlEscape(s.systemOut)}</system-out>`);
  lines.push('  </testsuite>');
  return lines.join('\n');
}

function renderCase(c: Case, classname: string): string {
  const open = `    <testcase${attrs({ name: c.name, classname, time: seconds(c.timeSeconds) })}`;
  const o = c.outcome;
  if (o.kind === 'pass') return `${open}/>`;
  return `${open}>\n      <${o.kind}${attrs({ message: o.message, type: o.type })}>${xmlEscape(o.text)}</${o.kind}>\n    </testcase>`;
}

const seconds = (s: number): string => (Number.isFinite(s) ? s.toFixed(3) : '0.000');

/** Ant's schema wants a local date-time without zone or fraction: 2024-05-01T10:00:00 (UTC here). */
function junitTimestamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '1970-01-01T00:00:00' : d.toISOString().slice(0, 19);
}
