import type { StrategyName } from '../types.js';
import { browser } from './browser.js';
import { concurrent } from './concurrent.js';
import { identity } from './identity.js';
import { recovery } from './recovery.js';
import { sequential } from './sequential.js';
import type { Strategy } from './strategy.js';

export type { Strategy, StrategyOutcome } from './strategy.js';

export const STRATEGIES: Readonly<Record<StrategyName, Strategy>> = { sequential, concurrent, recovery, identity, browser };
