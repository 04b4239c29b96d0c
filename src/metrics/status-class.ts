import type { StatusClass } from '../model/result.js';

/** Index order of the per-class histogram slots; 429 is its own class (see result.ts). */
export const STATUS_CLASSES: readonly StatusClass[] = ['1xx', '2xx', '3xx', '4xx', '429', '5xx'];
export const CLASS_COUNT = STATUS_CLASSES.length;

export function statusClassIndex(status: number): number {
  if (status === 429) return 4;
  if (status >= 500) return 5;
  if (status >= 400) return 3;
  if (status >= 300) return 2;
  if (status >= 200) return 1;
  return 0;
}
