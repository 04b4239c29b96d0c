import type { KeyState } from './key-state.js';
import type { RedisConnection } from './connect.js';
import { readKeys } from './read-keys.js';
import { scanNode } from './scan.js';

export interface Collected {
  states: KeyState[];
  truncated: boolean;
  truncatedReason?: string;
}

export const DEFAULT_SCAN_DEADLINE_MS = 30_000;

/** SCAN every node (each cluster master) for `patterns`, then read each key on the node that owns it. */
export async function collectKeys(
  conn: RedisConnection,
  patterns: string[],
  maxKeys: number,
  deadlineMs = DEFAULT_SCAN_DEADLINE_MS,
): Promise<Collected> {
  const budget = { left: maxKeys, deadline: Date.now() + deadlineMs };
  const states: KeyState[] = [];
  let truncated = false;
  let reason: string | undefined;
  for (const node of conn.nodes) {
    const scanned = await scanNode(node.client, patterns, { maxKeys, deadlineMs }, budget);
    states.push(...(await readKeys(node.client, node.name, scanned.keys)));
    if (scanned.truncated) {
      truncated = true;
      reason = scanned.reason;
      break;
    }
  }
  states.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { states, truncated, truncatedReason: reason };
}
