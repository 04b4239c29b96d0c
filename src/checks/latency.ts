import type { Exchange } from '../http/send.js';
import type { Duration } from '../model/scenario.js';
import { formatDuration, parseDuration } from '../scenario/duration.js';
import { outcome, type Outcome } from './result.js';

/** Time from send to the end of the body, against the slowest acceptable. */
export function checkLatency(ex: Exchange, max: Duration, requestName: string): Outcome {
  const maxMs = parseDuration(max, `request "${requestName}" maxLatency`);
  const seen = `${ex.latencyMs.toFixed(1)}ms`;
  return ex.latencyMs <= maxMs
    ? outcome('latency', true, `response in ${seen}, expected ≤ ${formatDuration(maxMs)}`, maxMs, ex.latencyMs)
    : outcome('latency', false, `expected a response in ≤ ${formatDuration(maxMs)}, took ${seen}`, maxMs, ex.latencyMs);
}
