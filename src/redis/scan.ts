import type { Redis } from 'ioredis';

export interface ScanLimits {
  /** Stop after this many matching keys in total (across patterns and nodes). */
  maxKeys: number;
  /** Stop scanning after this long, whatever is left. */
  deadlineMs: number;
  /** SCAN COUNT hint per round trip. */
  count?: number;
}

export interface ScanResult {
  keys: string[];
  /** True when a bound (max keys or deadline) stopped the scan before the keyspace was covered. */
  truncated: boolean;
  reason?: string;
}

/**
 * SCAN (never KEYS) one node for every pattern, deduplicated, stopping at `maxKeys` or the deadline.
 * `budget` is shared across calls so the bound holds for a whole inspection.
 */
export async function scanNode(
  client: Redis,
  patterns: string[],
  limits: ScanLimits,
  budget: { left: number; deadline: number },
): Promise<ScanResult> {
  const seen = new Set<string>();
  for (const pattern of patterns) {
    let cursor = '0';
    do {
      if (budget.left <= 0) return { keys: [...seen], truncated: true, reason: `stopped at --max-keys ${limits.maxKeys}` };
      if (Date.now() > budget.deadline) return { keys: [...seen], truncated: true, reason: `scan deadline of ${Math.round(limits.deadlineMs / 1000)}s reached` };
      const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', limits.count ?? 1000);
      cursor = next;
      for (const k of batch) {
        if (seen.has(k)) continue;
        if (budget.left <= 0) return { keys: [...seen], truncated: true, reason: `stopped at --max-keys ${limits.maxKeys}` };
        seen.add(k);
        budget.left--;
      }
    } while (cursor !== '0');
  }
  return { keys: [...seen], truncated: false };
}
