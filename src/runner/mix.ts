/**
 * Weighted choice of the next request in a mix, from a seeded generator so a run with the same
 * seed sends the same sequence. Cumulative weights + binary search: O(log n) per pick, no allocation.
 */
export function mixPicker(weights: readonly number[], seed: number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  if (weights.length === 1) return () => 0;
  const random = mulberry32(seed);
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** mulberry32: a small, fast 32-bit PRNG; plenty for spreading requests, not for cryptography. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
