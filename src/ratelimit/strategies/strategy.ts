import type { Finding } from '../../model/result.js';
import type { ProbeContext } from '../context.js';
import type { StrategyName, TimelineEntry } from '../types.js';

/** What one strategy saw and concluded. */
export interface StrategyOutcome {
  entries: TimelineEntry[];
  findings: Finding[];
  /** One line for the report: what was sent and what came back. */
  summary: string;
}

/**
 * One way of looking at the limiter. `needsFreshBudget`: the strategy must start with the
 * identity's budget untouched, so the engine waits a window after earlier strategies.
 */
export interface Strategy {
  name: StrategyName;
  needsFreshBudget: boolean;
  run(ctx: ProbeContext): Promise<StrategyOutcome>;
}
