/** The placeholder a pool replaces with the 1-based user number (kept as is by interpolation). */
export const USER_PLACEHOLDER = '${i}';

/** Deep copy of `value` with `${i}` replaced by `n` in every string (keys included). */
export function withUserNumber<T>(value: T, n: number): T {
  const text = String(n);
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return node.split(USER_PLACEHOLDER).join(text);
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k.split(USER_PLACEHOLDER).join(text)] = walk(v);
      return out;
    }
    return node;
  };
  return walk(value) as T;
}

/** Whether `${i}` appears anywhere in the value, so each user really is someone else. */
export function mentionsUserNumber(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(USER_PLACEHOLDER);
  if (Array.isArray(value)) return value.some(mentionsUserNumber);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k.includes(USER_PLACEHOLDER) || mentionsUserNumber(v));
  }
  return false;
}
