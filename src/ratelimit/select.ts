import type { ProbeConfig, StrategyName } from './types.js';
import { STRATEGY_NAMES } from './types.js';

/** Strategies that read the budget the sequential stream exhausted. */
const NEEDS_SEQUENTIAL: readonly StrategyName[] = ['identity', 'recovery', 'browser'];

/**
 * What the declared policy needs, in the order they run: the sequential stream first (the others
 * build on its exhausted budget), then identity and recovery, then the ones needing a fresh budget.
 * An explicit list is honoured, plus the sequential stream the chosen ones depend on.
 */
export function selectStrategies(config: Pick<ProbeConfig, 'strategies' | 'concurrency' | 'recover' | 'otherHeaders' | 'origin' | 'scope' | 'forwardedHeader'>): StrategyName[] {
  const chosen = new Set<StrategyName>();
  if (config.strategies && config.strategies.length > 0) {
    for (const s of config.strategies) chosen.add(s);
    if ([...chosen].some((s) => NEEDS_SEQUENTIAL.includes(s))) chosen.add('sequential');
  } else {
    chosen.add('sequential');
    if (config.otherHeaders || config.forwardedHeader || config.scope === 'ip') chosen.add('identity');
    if (config.recover) chosen.add('recovery');
    if (config.concurrency > 1) chosen.add('concurrent');
    if (config.origin) chosen.add('browser');
  }
  return RUN_ORDER.filter((s) => chosen.has(s));
}

export const RUN_ORDER: readonly StrategyName[] = ['sequential', 'identity', 'recovery', 'concurrent', 'browser'];

// Every strategy has a place in the run order.
if (RUN_ORDER.length !== STRATEGY_NAMES.length) throw new Error('select.ts: RUN_ORDER must list every strategy');

/**
 * Time the probe may take: every wait it may do (recovery: up to two windows plus the under-rate
 * run; a fresh budget: one window each) plus a minute for the requests themselves.
 */
export function timeBudgetMs(config: Pick<ProbeConfig, 'windowMs' | 'maxDurationMs'>, strategies: readonly StrategyName[]): number {
  if (config.maxDurationMs !== undefined) return config.maxDurationMs;
  let windows = 0;
  if (strategies.includes('recovery')) windows += 2.5 + 1.5;
  if (strategies.includes('concurrent') && strategies.includes('sequential')) windows += 1.3;
  if (strategies.includes('browser')) windows += 1.3;
  return 60_000 + windows * config.windowMs;
}
