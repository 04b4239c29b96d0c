import type { BurstPhase, FloodPhase } from '../model/scenario.js';
import type { PhaseResult } from '../model/result.js';
import { PhaseRecorder } from '../metrics/recorder.js';
import { runClosed } from '../runner/closed.js';
import { runOpen } from '../runner/open.js';
import { ArrivalSchedule } from '../runner/pacer.js';
import { mixPicker } from '../runner/mix.js';
import { parseDuration } from '../scenario/duration.js';
import { evaluateThresholds, type Threshold } from '../thresholds/index.js';
import { loadChecks, successStatuses } from './load-expect.js';
import { combineVerdict } from './phase-verdict.js';
import { startTicker } from './ticker.js';
import { mixTemplates, type RequestContext } from './templates.js';
import type { PhaseHooks } from './phase-hooks.js';

const DEFAULT_MAX_IN_FLIGHT = 1000;
/** Network errors with no answer at all after which a phase stops: the target is not there. */
const UNREACHABLE_AFTER_ERRORS = 20;

/** Runs a burst or flood phase and measures it. Stops early on abort or an abortOnFail threshold. */
export async function runLoadPhase(
  phase: BurstPhase | FloodPhase,
  ctx: RequestContext,
  thresholds: readonly Threshold[],
  hooks: PhaseHooks,
  seed: number,
): Promise<PhaseResult> {
  const { templates, weights } = mixTemplates(phase.mix, ctx);
  const pick = mixPicker(weights, seed);
  const open = phase.kind === 'flood' && phase.connections === undefined;
  const recorder = new PhaseRecorder(templates.map((t) => t.name), open);
  const isSuccess = successStatuses(phase.expect);
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort();
  hooks.signal.addEventListener('abort', onOuterAbort, { once: true });
  const startedAt = new Date();
  const t0 = performance.now();
  const shape = describeLoad(phase);
  let abortedBy: string | undefined;

  const partial = (): PhaseResult => {
    const ms = performance.now() - t0;
    return buildResult({ requests: recorder.stats(ms, isSuccess), series: [] }, ms);
  };
  const abortThresholds = thresholds.filter((t) => t.abortOnFail);
  const stopTicker = startTicker(
    () => {
      recorder.series.roll();
      if (abortThresholds.length === 0) return;
      const failed = evaluateThresholds(abortThresholds, partial()).find((r) => !r.passed && !r.inconclusive);
      if (failed) {
        abortedBy = failed.message;
        stop.abort();
      }
    },
    () => {
      if (recorder.responses === 0 && recorder.errors >= UNREACHABLE_AFTER_ERRORS) stop.abort();
      reportProgress();
    },
  );
  /** The last full second's rate once there is one; before that (and at the end), the average so far. */
  const reportProgress = (final = false): void => {
    const elapsedMs = performance.now() - t0;
    const done = recorder.responses + recorder.errors;
    const last = final ? undefined : recorder.series.last();
    const rps = last ? last.requests : elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
    hooks.progress({ elapsedMs, requests: done, rps, p99Ms: recorder.p99SoFar(), statuses: recorder.statusTotals(), errors: recorder.errors });
  };
  hooks.phaseStart(phase.name, shape.totalMs, shape.totalRequests);

  let dropped: number | undefined;
  let achievedRate: number | undefined;
  let elapsedMs: number;
  try {
    if (open) {
      const schedule = scheduleOf(phase as FloodPhase);
      const outcome = await runOpen({ baseUrl: ctx.baseUrl, templates, pick, schedule, maxInFlight: (phase as FloodPhase).maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, timeoutMs: ctx.timeoutMs, recorder, signal: stop.signal });
      elapsedMs = performance.now() - t0;
      dropped = outcome.dropped;
      // Requests really sent, over the time it took to send them: a sender that fell behind took
      // longer than the schedule, and dropped arrivals were never sent, so both read lower.
      // An interrupted phase is judged over what it ran.
      const ranMs = stop.signal.aborted ? outcome.lastFireMs : Math.max(schedule.totalMs, outcome.lastFireMs);
      achievedRate = ranMs > 0 ? round2(outcome.sent / (ranMs / 1000)) : 0;
    } else {
      await runClosed({
        baseUrl: ctx.baseUrl, templates, pick, connections: phase.connections ?? 1,
        amount: phase.kind === 'burst' ? phase.requests : undefined,
        durationMs: phase.kind === 'flood' ? parseDuration(phase.duration, 'duration') : undefined,
        timeoutMs: ctx.timeoutMs, recorder, signal: stop.signal,
      });
      elapsedMs = performance.now() - t0;
    }
  } finally {
    stopTicker();
    hooks.signal.removeEventListener('abort', onOuterAbort);
    reportProgress(true);
    hooks.phaseEnd();
  }

  const measured = recorder.finish(elapsedMs, isSuccess);
  return buildResult(measured, elapsedMs, { dropped, achievedRate });

  /** `duration` is the one the per-name rps was computed over, so the phase's rps agrees with them. */
  function buildResult(m: ReturnType<PhaseRecorder['finish']>, duration: number, extra: { dropped?: number; achievedRate?: number } = {}): PhaseResult {
    const statuses: Record<string, number> = {};
    const errors: Record<string, number> = {};
    let requests = 0;
    let successes = 0;
    for (const r of m.requests) {
      requests += r.requests;
      successes += r.successes;
      for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
      for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    }
    const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
    const result: PhaseResult = {
      name: phase.name,
      kind: phase.kind,
      model: open ? 'open' : 'closed',
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(duration),
      interrupted: hooks.signal.aborted,
      settings: shape.settings,
      totals: {
        requests, responses: requests - errorCount, successes,
        rps: duration > 0 ? round2(requests / (duration / 1000)) : 0,
        statuses, errors,
        ...(extra.dropped !== undefined ? { dropped: extra.dropped } : {}),
        ...(extra.achievedRate !== undefined ? { achievedRate: extra.achievedRate } : {}),
      },
      requests: m.requests,
      checks: [],
      thresholds: [],
      series: m.series,
      verdict: 'pass',
    };
    result.checks = loadChecks(phase.expect, m.requests);
    result.thresholds = evaluateThresholds(thresholds, result);
    if (abortedBy) result.thresholds.push({ metric: 'abortOnFail', expression: 'abortOnFail', passed: false, observed: null, message: `phase stopped early: ${abortedBy}` });
    if (requests > 0 && errorCount === requests) {
      // Nothing answered: a success rate of 0 or an error rate of 1 says nothing about the service.
      const kinds = Object.entries(errors).map(([k, v]) => `${k} ×${v}`).join(', ');
      const why = `every request failed without an answer (${kinds}): is ${ctx.baseUrl} up?`;
      result.checks = [{ name: 'target reachable', passed: false, inconclusive: true, message: why }, ...notJudged(result.checks)];
      result.thresholds = notJudged(result.thresholds);
    }
    const v = combineVerdict(result.checks, result.thresholds, { verdict: 'pass', reason: phase.expect || thresholds.length ? 'every check and threshold passed' : 'measured (no expectations or thresholds declared)' });
    result.verdict = v.verdict;
    result.reason = v.reason;
    return result;
  }
}

/** Failed items turned inconclusive: they were measured on no answers at all. */
function notJudged<T extends { passed: boolean; inconclusive?: boolean; message?: string }>(items: T[]): T[] {
  return items.map((c) => (c.passed || c.inconclusive ? c : { ...c, inconclusive: true, message: `not judged, no answer to judge (${c.message ?? 'failed'})` }));
}

function scheduleOf(phase: FloodPhase): ArrivalSchedule {
  if (phase.stages) return new ArrivalSchedule(phase.stages.map((s, i) => ({ durationMs: parseDuration(s.duration, `stages[${i}].duration`), target: s.target })), 0);
  return ArrivalSchedule.constant(phase.rate ?? 1, parseDuration(phase.duration, 'duration'));
}

function describeLoad(phase: BurstPhase | FloodPhase): { settings: Record<string, unknown>; totalMs: number | null; totalRequests: number | null } {
  if (phase.kind === 'burst') return { settings: { connections: phase.connections, requests: phase.requests }, totalMs: null, totalRequests: phase.requests };
  if (phase.connections !== undefined) {
    const ms = parseDuration(phase.duration, 'duration');
    return { settings: { connections: phase.connections, durationMs: ms }, totalMs: ms, totalRequests: null };
  }
  const schedule = scheduleOf(phase);
  const settings: Record<string, unknown> = phase.stages
    ? { stages: phase.stages.map((s) => ({ durationMs: parseDuration(s.duration, 'duration'), target: s.target })) }
    : { rate: phase.rate, durationMs: schedule.totalMs };
  settings.maxInFlight = phase.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  return { settings, totalMs: schedule.totalMs, totalRequests: schedule.totalArrivals };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
