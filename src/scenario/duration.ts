import { UserError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * "500ms", "30s", "1.5m", "2h", or a number (not a string) of milliseconds → milliseconds.
 * A string without a unit ("60" from a flag or `${WINDOW}`) is refused: 60 ms where 60 s was meant
 * would silently turn a one-minute rate-limit window into a wrong verdict.
 * `where` names the file/flag/path for the error message.
 */
export function parseDuration(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
    if (m && m[2]) return Number(m[1]) * UNIT_MS[m[2]];
    if (m && Number(m[1]) === 0) return 0;
    if (m) throw new UserError(`${where}: duration ${JSON.stringify(value)} has no unit; write ${m[1]}s, ${m[1]}ms or ${m[1]}m`);
  }
  throw new UserError(`${where}: invalid duration ${JSON.stringify(value)}; use a number with a unit: 500ms, 30s, 2m, 1h`);
}

/** 1500 → "1.5s", 60000 → "1m": for messages and tables. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(2)}s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(2)}m`;
  return `${+(ms / 3_600_000).toFixed(2)}h`;
}
