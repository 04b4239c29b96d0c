/**
 * A flood runs either the closed model (a fixed number of connections sending back to back for a
 * duration) or the open model (arrivals at a rate for a duration, or ramping stages). Mixing them
 * leaves it unclear which load was meant, so it is an error rather than a silent choice.
 * Returns the problem message, or undefined when the combination is valid.
 */
export function floodModelProblem(phase: Record<string, unknown>): string | undefined {
  const has = (k: string) => phase[k] !== undefined;
  const closed = has('connections');
  const open = has('rate') || has('stages');
  if (closed && open) {
    const openKeys = ['rate', 'stages'].filter(has).join(' and ');
    return `mixes the closed model (connections) with the open model (${openKeys}); use connections + duration, or rate + duration, or stages`;
  }
  if (has('rate') && has('stages')) return 'has both rate and stages; use rate + duration for a constant rate, or stages to ramp';
  if (closed) {
    if (has('maxInFlight')) return 'maxInFlight only applies to the open model (rate or stages); the closed model is bounded by connections';
    if (!has('duration')) return 'closed model (connections) needs a duration, e.g. duration: 30s';
    return undefined;
  }
  if (has('rate')) return has('duration') ? undefined : 'open model (rate) needs a duration, e.g. duration: 30s';
  if (has('stages')) return has('duration') ? 'has both stages and duration; stages carry their own durations, remove duration' : undefined;
  return 'needs a load model: connections + duration (closed), or rate + duration, or stages (open)';
}
