import type { Scope } from './types.js';

/** `<prefix><scope>:<identity>`: the sliding-log ZSET. */
export function slidingKey(prefix: string, scope: Scope, identity: string): string {
  return `${prefix}${scope}:${identity}`;
}

/** `<prefix><scope>:<identity>:<windowStartMs>`: the fixed-window counter. */
export function fixedKey(prefix: string, scope: Scope, identity: string, windowStartMs: number): string {
  return `${prefix}${scope}:${identity}:${windowStartMs}`;
}
