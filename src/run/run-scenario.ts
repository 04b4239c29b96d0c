import type { Phase, Scenario } from '../model/scenario.js';
import { RESULT_SCHEMA_VERSION, type PhaseResult, type RunResult } from '../model/result.js';
import { resolveAuth, usedProfiles } from '../auth/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { isUserError } from '../errors.js';
import { parseDuration } from '../scenario/duration.js';
import { redactScenario } from '../scenario/redact.js';
import { parseThresholds, type Threshold } from '../thresholds/index.js';
import { runCheckPhase } from './check-phase.js';
import { startEmbedded, wantsEmbedded } from './embedded.js';
import { runLoadPhase } from './load-phase.js';
import { runProbePhase } from './probe-phase.js';
import { SentLog } from './sent-log.js';
import { runVerdict } from './phase-verdict.js';
import type { PhaseHooks } from './phase-hooks.js';
import type { RequestContext } from './templates.js';
import { TOOL_VERSION } from './version.js';

export interface RunOptions {
  file: string | null;
  /** Overrides the scenario's target (the --target flag). */
  target?: string;
  /** Thresholds from --threshold flags, added to every load phase. */
  extraThresholds: Threshold[];
  /** Only these phases (by name), when given. */
  phases?: string[];
  hooks: PhaseHooks;
  /** Called after each phase with the result so far, so an interruption loses nothing. */
  onPhaseDone?: (partial: RunResult) => Promise<void> | void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_SEED = 1;

/**
 * Runs the phases in order and returns the whole result. An error in the middle (a login that
 * fails, a target that goes away) ends the run but keeps the phases already measured, with the
 * error recorded; an interrupt ends the current phase early and skips the rest.
 */
export async function runScenario(s: Scenario, opts: RunOptions): Promise<RunResult> {
  const startedAt = new Date();
  const target = opts.target ?? s.target;
  const embedded = wantsEmbedded(target) ? await startEmbedded(s) : undefined;
  const baseUrl = embedded ? embedded.url : (target as string);
  const result: RunResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'limitprobe', version: TOOL_VERSION },
    scenario: { name: s.name, file: opts.file, target: embedded ? `embedded (${baseUrl})` : baseUrl, resolved: redactScenario(s) },
    startedAt: startedAt.toISOString(),
    endedAt: startedAt.toISOString(),
    durationMs: 0,
    interrupted: false,
    phases: [],
    verdict: 'inconclusive',
    exitCode: EXIT.inconclusive,
  };
  let errorExit: ExitCode | undefined;
  const finish = (): RunResult => {
    const ended = new Date();
    result.endedAt = ended.toISOString();
    result.durationMs = ended.getTime() - startedAt.getTime();
    result.interrupted = opts.hooks.signal.aborted;
    const verdicts = result.phases.map((p) => p.verdict);
    result.verdict = runVerdict(verdicts, result.interrupted || result.error !== undefined);
    result.exitCode = result.verdict === 'pass' ? EXIT.ok : result.verdict === 'fail' ? EXIT.failed : EXIT.inconclusive;
    // A run that could not go on (bad credentials, a login route that is missing) is the user's to fix.
    if (errorExit !== undefined && result.verdict !== 'fail') result.exitCode = errorExit;
    return result;
  };
  try {
    const where = opts.file ?? 'scenario';
    const timeoutMs = s.defaults?.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(s.defaults.timeout, 'defaults.timeout');
    const defaultHeaders = s.defaults?.headers ?? {};
    const phases = opts.phases ? s.phases.filter((p) => opts.phases!.includes(p.name)) : s.phases;
    const ctx: RequestContext = {
      baseUrl, defaultHeaders, timeoutMs,
      authHeaders: await resolveAuth(profilesFor(s, phases), { baseUrl, defaultHeaders, timeoutMs, where }),
    };
    const shared = s.thresholds ? parseThresholds(s.thresholds, `${where} thresholds`) : [];
    const sent = new SentLog();
    for (const [i, phase] of phases.entries()) {
      if (opts.hooks.signal.aborted) break;
      const own = phase.thresholds ? parseThresholds(phase.thresholds, `${where} phases[${i}].thresholds`) : [];
      const isLoad = phase.kind === 'burst' || phase.kind === 'flood';
      // Scenario-wide thresholds are about load; a single check or a probe has no percentiles to judge.
      const thresholds = isLoad ? [...shared, ...opts.extraThresholds, ...own] : own;
      const done = await runPhase(phase, ctx, thresholds, opts.hooks, (s.seed ?? DEFAULT_SEED) + i, sent);
      result.phases.push(done);
      sent.add(phase, done);
      await opts.onPhaseDone?.(finish());
    }
  } catch (e) {
    if (isUserError(e)) {
      result.error = e.message;
      errorExit = e.exitCode;
    } else {
      result.error = `internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
      errorExit = EXIT.usage;
    }
  } finally {
    await embedded?.close();
  }
  return finish();
}

function runPhase(phase: Phase, ctx: RequestContext, thresholds: Threshold[], hooks: PhaseHooks, seed: number, sent: SentLog): Promise<PhaseResult> {
  switch (phase.kind) {
    case 'burst':
    case 'flood':
      return runLoadPhase(phase, ctx, thresholds, hooks, seed);
    case 'check':
      return runCheckPhase(phase, ctx, thresholds);
    case 'rate-probe':
      return runProbePhase(phase, ctx, thresholds, hooks, sent.recent(phase.request.path, phase.request.auth, parseDuration(phase.window, 'window')));
  }
}

/** Only the profiles the phases that will run refer to are resolved (a login costs a request, and may fail). */
function profilesFor(s: Scenario, phases: readonly Phase[]): Scenario['auth'] {
  if (!s.auth) return undefined;
  const used = new Set(usedProfiles({ phases: [...phases] }));
  return Object.fromEntries(Object.entries(s.auth).filter(([k]) => used.has(k)));
}
