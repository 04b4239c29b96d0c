import type { KeyState } from './key-state.js';

export type Change = 'created' | 'changed' | 'deleted';

export interface KeyChange {
  change: Change;
  before?: KeyState;
  after?: KeyState;
}

/**
 * Keys created, changed or deleted between two reads. "Changed" means the content moved (value,
 * size, first/last member, hash fields, type) or the expiry was pushed out; a TTL merely counting
 * down is not a change. Pure.
 */
export function diffStates(before: KeyState[], after: KeyState[]): KeyChange[] {
  const b = new Map(before.filter((s) => s.type !== 'none').map((s) => [s.key, s]));
  const out: KeyChange[] = [];
  for (const a of after) {
    if (a.type === 'none') continue;
    const prev = b.get(a.key);
    b.delete(a.key);
    if (!prev) out.push({ change: 'created', after: a });
    else if (contentChanged(prev, a) || ttlExtended(prev, a)) out.push({ change: 'changed', before: prev, after: a });
  }
  for (const gone of b.values()) out.push({ change: 'deleted', before: gone });
  return out;
}

function contentChanged(x: KeyState, y: KeyState): boolean {
  return (
    x.type !== y.type ||
    x.value !== y.value ||
    x.size !== y.size ||
    x.hashLen !== y.hashLen ||
    JSON.stringify(x.hash) !== JSON.stringify(y.hash) ||
    x.first?.member !== y.first?.member ||
    x.last?.member !== y.last?.member ||
    x.head !== y.head ||
    x.tail !== y.tail
  );
}

/** The key now expires later than it would have: someone re-applied EXPIRE (or removed it: -1). */
function ttlExtended(x: KeyState, y: KeyState): boolean {
  if (x.pttlMs >= 0 && y.pttlMs === -1) return true;
  if (x.pttlMs < 0 || y.pttlMs < 0) return false;
  const expiresBefore = x.readAtMs + x.pttlMs;
  const expiresAfter = y.readAtMs + y.pttlMs;
  return expiresAfter > expiresBefore + 50;
}
