import { formatDuration } from '../../scenario/duration.js';
import type { KeyState } from '../key-state.js';

/** "12.3s ago" / "in 2s" for a timestamp relative to now. */
export function age(thenMs: number, nowMs: number): string {
  const d = nowMs - thenMs;
  return d >= 0 ? `${formatDuration(d)} ago` : `in ${formatDuration(-d)}`;
}

/** PTTL reply → "59.2s", "none" (no expiry) or "gone". */
export function formatTtl(pttlMs: number): string {
  if (pttlMs === -1) return 'none';
  if (pttlMs < 0) return 'gone';
  return formatDuration(pttlMs);
}

/** An integer counter value, or undefined when the STRING holds something else. */
export function intValue(s: KeyState): number | undefined {
  if (s.type !== 'string' || s.value === undefined || !/^-?\d+$/.test(s.value)) return undefined;
  return Number(s.value);
}

export function floatValue(v: string | undefined): number | undefined {
  if (v === undefined || !/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(v)) return undefined;
  return Number(v);
}

/** Ms timestamps in ZSET scores or list entries may be seconds (Python) or ms; normalise to ms. */
export function toMs(ts: number): number {
  return ts < 1e11 ? ts * 1000 : ts;
}

/** Summary of a time-ordered log (ZSET scored by time, or LIST of timestamps). */
export function logSummary(size: number, oldestMs: number | undefined, newestMs: number | undefined, nowMs: number, noun = 'entries'): string {
  if (size === 0 || oldestMs === undefined || newestMs === undefined) return `${size} ${noun}`;
  return `${size} ${noun}, oldest ${age(oldestMs, nowMs)}, newest ${age(newestMs, nowMs)}`;
}

/** Hash fields as "a=1 b=2" (bounded). */
export function hashSummary(s: KeyState): string {
  if (!s.hash) return `${s.hashLen ?? 0} fields`;
  const parts = Object.entries(s.hash)
    .slice(0, 6)
    .map(([k, v]) => `${k}=${v.length > 24 ? v.slice(0, 24) + '…' : v}`);
  return parts.join(' ') + ((s.hashLen ?? 0) > 6 ? ` (+${(s.hashLen ?? 0) - 6} more)` : '');
}

/** Escape a literal for use inside a RegExp. */
export function reEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
