import type { Finding } from '../model/result.js';
import { formatDuration } from '../scenario/duration.js';
import type { KeyState } from './key-state.js';
import type { Recognition } from './recognisers/index.js';

/**
 * Finding codes raised from Redis state. Stable: documented in docs/inspect.md; tools match on them.
 */
export const CODES = {
  noTtl: 'REDIS_KEY_NO_TTL',
  noTtlOptional: 'REDIS_KEY_NO_TTL_OPTIONAL',
  unknownNoTtl: 'REDIS_UNKNOWN_KEY_NO_TTL',
  ttlTooLong: 'REDIS_TTL_TOO_LONG',
  countOverLimit: 'REDIS_COUNT_OVER_LIMIT',
  rejectedCounted: 'REDIS_REJECTED_COUNTED',
  manyKeysPerIdentity: 'REDIS_MANY_KEYS_PER_IDENTITY',
  scanTruncated: 'REDIS_SCAN_TRUNCATED',
  noLimiterKeys: 'REDIS_NO_LIMITER_KEYS',
} as const;

/** TTLs are read a few ms after being set and rounded up to whole seconds by EX: allow this much. */
const TTL_TOLERANCE_MS = 1500;

export interface KeyFinding extends Finding {
  key: string;
}

/** Rules for one key: lost TTL, TTL past the window, counter past the limit. Pure. */
export function keyFindings(s: KeyState, r: Recognition | null): KeyFinding[] {
  const out: KeyFinding[] = [];
  if (!r) {
    if (s.pttlMs === -1) {
      out.push({
        key: s.key,
        code: CODES.unknownNoTtl,
        severity: 'warn',
        message: `${s.key}: ${s.type} key with no expiry (PTTL -1); if a limiter wrote it, it never resets`,
        evidence: { key: s.key, type: s.type, pttlMs: s.pttlMs },
      });
    }
    return out;
  }
  if (s.pttlMs === -1) {
    out.push(
      r.ttl === 'always'
        ? {
            key: s.key,
            code: CODES.noTtl,
            severity: r.weak ? 'warn' : 'fail',
            message: `${s.key}: no expiry (PTTL -1) although ${r.library} always sets one: the key never resets and locks this client out once it reaches the limit (written without EXPIRE, or the EXPIRE was lost)${r.weak ? `; only the generic key shape matched, so this is a warning: confirm with --library ${r.library}` : ''}`,
            evidence: { key: s.key, library: r.library, pttlMs: -1, value: r.summary },
          }
        : {
            key: s.key,
            code: CODES.noTtlOptional,
            severity: 'warn',
            message: `${s.key}: no expiry (PTTL -1); ${r.library} only does this when expiry is turned off (e.g. duration 0); otherwise the key never resets`,
            evidence: { key: s.key, library: r.library, pttlMs: -1 },
          },
    );
  } else if (r.maxTtlMs !== undefined && s.pttlMs > r.maxTtlMs + TTL_TOLERANCE_MS) {
    out.push({
      key: s.key,
      code: CODES.ttlTooLong,
      severity: 'warn',
      message: `${s.key}: expires in ${formatDuration(s.pttlMs)}, longer than ${r.library} ever sets for a ${formatDuration(r.windowMs ?? r.maxTtlMs)} window (max ${formatDuration(r.maxTtlMs)}): the window is longer than declared, or something else extends the key${r.note ? ` (${r.note})` : ''}`,
      evidence: { key: s.key, pttlMs: s.pttlMs, maxTtlMs: r.maxTtlMs, windowMs: r.windowMs },
    });
  }
  if (r.count !== undefined && r.limit !== undefined && r.count > r.limit) {
    if (r.countsRejected === false) {
      out.push({
        key: s.key,
        code: CODES.countOverLimit,
        severity: 'fail',
        message: `${s.key}: ${r.count} requests recorded in one window, limit ${r.limit}; ${r.library} stops recording at the limit, so more requests were admitted than allowed (limit not as declared, or concurrent requests raced past it)${r.note ? `; note: ${r.note}` : ''}`,
        evidence: { key: s.key, count: r.count, limit: r.limit, library: r.library },
      });
    } else if (r.countsRejected === true) {
      out.push({
        key: s.key,
        code: CODES.rejectedCounted,
        severity: 'info',
        message: `${s.key}: counter ${r.count} is past the limit ${r.limit}; ${r.library} counts rejected requests too, so about ${r.count - r.limit} were rejected in this window`,
        evidence: { key: s.key, count: r.count, limit: r.limit },
      });
    }
  }
  return out;
}

export interface RecognisedKey {
  state: KeyState;
  recognition: Recognition;
}

/**
 * More live windows for one identity than the layout keeps (1, or 2 for sliding counter pairs):
 * the key embeds something that changes per request (timestamp, request id, source port), so the
 * limiter never sees more than one request per key. Needs a window start in the key and a window.
 */
export function manyKeysPerIdentity(keys: RecognisedKey[], nowMs: number): Finding[] {
  const groups = new Map<string, RecognisedKey[]>();
  for (const k of keys) {
    const r = k.recognition;
    if (r.identity === undefined || r.windowStartMs === undefined || r.windowMs === undefined) continue;
    // Only windows that are still running (started less than a window ago) count as live.
    if (r.windowStartMs <= nowMs - r.windowMs || r.windowStartMs > nowMs + 1000) continue;
    const g = `${r.library}\u0000${r.algorithm}\u0000${r.identity}`;
    groups.set(g, [...(groups.get(g) ?? []), k]);
  }
  const out: Finding[] = [];
  for (const list of groups.values()) {
    const r = list[0].recognition;
    const allowed = r.keysPerWindow ?? 1;
    if (list.length <= allowed) continue;
    out.push({
      code: CODES.manyKeysPerIdentity,
      severity: 'warn',
      message: `${list.length} live window keys for identity ${r.identity} (${r.library}, ${r.algorithm}) within one ${formatDuration(r.windowMs ?? 0)} window, expected at most ${allowed}: the key changes per request, so the limit is never reached`,
      evidence: { identity: r.identity, keys: list.slice(0, 10).map((k) => k.state.key), count: list.length },
    });
  }
  return out;
}
