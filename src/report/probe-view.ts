import type { ProbeReport, TimelineEntry } from '../ratelimit/types.js';

/**
 * `PhaseResult.probe` is typed `unknown` in the result (it is written by the probe, issue 3); read
 * it defensively so an older or partial result still renders instead of crashing the report.
 */
export function asProbeReport(v: unknown): ProbeReport | null {
  if (!v || typeof v !== 'object') return null;
  const p = v as Partial<ProbeReport>;
  if (typeof p.verdict !== 'string' || !Array.isArray(p.findings)) return null;
  return { ...p, timeline: Array.isArray(p.timeline) ? p.timeline : [], strategies: Array.isArray(p.strategies) ? p.strategies : [] } as ProbeReport;
}

export interface TimelineRun {
  strategy: string;
  from: number;
  to: number;
  answer: string;
  outcome: string;
}

const answerOf = (e: TimelineEntry): string => (e.status !== null ? String(e.status) : e.errorKind ?? 'error');

/** Consecutive answers of one strategy with the same status and outcome, as one run. */
export function timelineRuns(timeline: readonly TimelineEntry[]): TimelineRun[] {
  const runs: TimelineRun[] = [];
  for (const e of timeline) {
    const last = runs[runs.length - 1];
    const answer = answerOf(e);
    if (last && last.strategy === e.strategy && last.answer === answer && last.outcome === e.outcome && e.index === last.to + 1) {
      last.to = e.index;
    } else {
      runs.push({ strategy: e.strategy, from: e.index, to: e.index, answer, outcome: e.outcome });
    }
  }
  return runs;
}

const MAX_RUNS_PER_LINE = 10;

/** One line per strategy: "sequential: #1–20 200 admitted · #21–25 429 limited". */
export function compactTimeline(timeline: readonly TimelineEntry[]): string[] {
  const byStrategy = new Map<string, TimelineRun[]>();
  for (const r of timelineRuns(timeline)) {
    const list = byStrategy.get(r.strategy) ?? [];
    list.push(r);
    byStrategy.set(r.strategy, list);
  }
  const lines: string[] = [];
  for (const [strategy, runs] of byStrategy) {
    const shown = runs.slice(0, MAX_RUNS_PER_LINE).map((r) => `#${r.from === r.to ? r.from : `${r.from}–${r.to}`} ${r.answer} ${r.outcome}`);
    const more = runs.length > MAX_RUNS_PER_LINE ? ` · … ${runs.length - MAX_RUNS_PER_LINE} more` : '';
    lines.push(`${strategy}: ${shown.join(' · ')}${more}`);
  }
  return lines;
}
