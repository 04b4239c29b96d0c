import type { Scenario, Phase, RequestSpec, Expectations } from '../model/scenario.js';
import { STRATEGY_NAMES } from '../ratelimit/types.js';
import { parseThresholds } from '../thresholds/index.js';
import { isUserError } from '../errors.js';
import { validateExpectations } from '../checks/index.js';
import { parseDuration } from './duration.js';
import { problem, type Problem } from './problems.js';
import type { Segment } from './path.js';

/**
 * Rules a JSON Schema cannot state: names unique where reports key on them, auth profiles that
 * exist, thresholds and regular expressions that parse, durations that are not zero where zero
 * would make a phase do nothing. Runs only on a schema-valid scenario.
 */
export function semanticProblems(s: Scenario): Problem[] {
  const out: Problem[] = [];
  const profiles = Object.keys(s.auth ?? {});
  const seenPhases = new Map<string, number>();
  if (s.thresholds) out.push(...thresholdProblems(s.thresholds, ['thresholds']));
  s.phases.forEach((phase, i) => {
    const at: Segment[] = ['phases', i];
    const first = seenPhases.get(phase.name);
    if (first !== undefined) out.push(problem([...at, 'name'], `phase name "${phase.name}" is already used by phases[${first}]; phase names must be unique (reports are keyed on them)`));
    else seenPhases.set(phase.name, i);
    if (phase.thresholds) out.push(...thresholdProblems(phase.thresholds, [...at, 'thresholds']));
    out.push(...phaseProblems(phase, at, profiles));
  });
  return out;
}

function phaseProblems(phase: Phase, at: Segment[], profiles: string[]): Problem[] {
  const out: Problem[] = [];
  switch (phase.kind) {
    case 'burst':
    case 'flood': {
      const names = new Map<string, number>();
      phase.mix.forEach((entry, j) => {
        const first = names.get(entry.name);
        if (first !== undefined) out.push(problem([...at, 'mix', j, 'name'], `request name "${entry.name}" is already used by mix[${first}]; names must be unique within a phase`));
        else names.set(entry.name, j);
        out.push(...authProblem(entry, [...at, 'mix', j], profiles));
      });
      if (phase.mix.every((e) => (e.weight ?? 1) === 0)) out.push(problem([...at, 'mix'], 'every entry has weight 0, so no request could be sent; give at least one a weight > 0'));
      if (phase.kind === 'flood') out.push(...floodDurations(phase, at));
      break;
    }
    case 'check':
      out.push(...authProblem(phase.request, [...at, 'request'], profiles));
      out.push(...expectationProblems(phase.expect, [...at, 'expect'], phase.request.name ?? phase.name));
      break;
    case 'rate-probe': {
      out.push(...authProblem(phase.request, [...at, 'request'], profiles));
      if (phase.otherAuth !== undefined && !profiles.includes(phase.otherAuth)) out.push(unknownProfile(phase.otherAuth, [...at, 'otherAuth'], profiles));
      if (phase.otherAuth !== undefined && phase.otherAuth === phase.request.auth) out.push(problem([...at, 'otherAuth'], `is the same profile as request.auth ("${phase.otherAuth}"); the identity strategy needs a second, different identity`));
      (phase.strategies ?? []).forEach((name, j) => {
        if (!(STRATEGY_NAMES as readonly string[]).includes(name)) out.push(problem([...at, 'strategies', j], `unknown strategy "${name}"; one of ${STRATEGY_NAMES.join(', ')}`));
      });
      if (parseDuration(phase.window, 'window') <= 0) out.push(problem([...at, 'window'], 'must be longer than 0, e.g. 60s'));
      if (phase.count !== undefined && phase.count > 100_000) out.push(problem([...at, 'count'], `must be at most 100000 (a probe, not a load test), got ${phase.count}`));
      break;
    }
  }
  return out;
}

function floodDurations(phase: Extract<Phase, { kind: 'flood' }>, at: Segment[]): Problem[] {
  const out: Problem[] = [];
  if (phase.duration !== undefined && parseDuration(phase.duration, 'duration') <= 0) out.push(problem([...at, 'duration'], 'must be longer than 0, e.g. 30s'));
  if (phase.stages) {
    phase.stages.forEach((st, j) => {
      if (parseDuration(st.duration, 'duration') <= 0) out.push(problem([...at, 'stages', j, 'duration'], 'must be longer than 0, e.g. 30s'));
    });
    if (phase.stages.every((st) => st.target === 0)) out.push(problem([...at, 'stages'], 'every stage has target 0 req/s, so no request would be sent'));
  }
  return out;
}

function authProblem(req: RequestSpec, at: Segment[], profiles: string[]): Problem[] {
  if (req.auth === undefined || profiles.includes(req.auth)) return [];
  return [unknownProfile(req.auth, [...at, 'auth'], profiles)];
}

function unknownProfile(name: string, at: Segment[], profiles: string[]): Problem {
  const defined = profiles.length ? `defined profiles: ${profiles.join(', ')}` : 'no profiles are defined under auth';
  return problem(at, `unknown auth profile "${name}"; ${defined}`);
}

/** Regular expressions, JSON paths and maxLatency are checked by the checks module itself. */
function expectationProblems(e: Expectations, at: Segment[], requestName: string): Problem[] {
  try {
    validateExpectations(e, requestName);
    return [];
  } catch (err) {
    if (!isUserError(err)) throw err;
    return [problem(at, err.message)];
  }
}

function thresholdProblems(spec: NonNullable<Scenario['thresholds']>, at: Segment[]): Problem[] {
  const out: Problem[] = [];
  for (const [metric, list] of Object.entries(spec)) {
    try {
      parseThresholds({ [metric]: list }, '');
    } catch (e) {
      if (!isUserError(e)) throw e;
      out.push(problem([...at, metric], e.message.replace(/^:\s*/, '')));
    }
  }
  return out;
}
