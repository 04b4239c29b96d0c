import type { PhaseResult, RunResult, Verdict } from '../model/result.js';
import type { Tone } from './table-model.js';
import { EXIT } from '../exit-codes.js';

export function verdictLabel(v: Verdict): string {
  return v === 'pass' ? 'PASS' : v === 'fail' ? 'FAIL' : 'INCONCLUSIVE';
}

export function verdictTone(v: Verdict): Tone {
  return v === 'pass' ? 'good' : v === 'fail' ? 'bad' : 'warn';
}

/** "PASS", "FAIL — 2 thresholds failed", with the interrupted mark when the phase was cut short. */
export function phaseVerdictText(p: PhaseResult): string {
  const parts = [verdictLabel(p.verdict)];
  if (p.reason) parts.push(`— ${p.reason}`);
  if (p.interrupted) parts.push('(interrupted)');
  return parts.join(' ');
}

/**
 * The last line of every output (with `reasons`, the whole of `run --quiet`): the run's verdict, its exit code, and which phases decided it,
 * so a person scanning a CI log sees why without scrolling back.
 */
export function runVerdictLine(r: RunResult, opts: { reasons?: boolean } = {}): string {
  const notPassed = r.phases.filter((p) => p.verdict !== 'pass');
  const why = notPassed.length
    ? `: ${notPassed.map((p) => `${p.name} ${verdictLabel(p.verdict)}${opts.reasons && p.reason ? ` (${p.reason})` : ''}`).join(', ')}`
    : r.phases.length === 1
      ? ': the 1 phase passed'
      : r.phases.length
        ? `: all ${r.phases.length} phases passed`
        : '';
  const extra = [r.interrupted ? 'run interrupted, results are partial' : '', r.error ? `run ended early: ${r.error}` : '']
    .filter(Boolean)
    .join('; ');
  // A run stopped by a usage error (a login that fails) judged nothing more: say so, not INCONCLUSIVE.
  const label = r.error && r.exitCode === EXIT.usage ? 'ERROR' : verdictLabel(r.verdict);
  return `Verdict: ${label} (exit ${r.exitCode})${why}${extra ? ` — ${extra}` : ''}`;
}
