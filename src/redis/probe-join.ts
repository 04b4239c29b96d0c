import type { Finding } from '../model/result.js';
import { formatDuration } from '../scenario/duration.js';
import { analyseKeys } from './analyse.js';
import { collectKeys, DEFAULT_SCAN_DEADLINE_MS } from './collect.js';
import { connectRedis } from './connect.js';
import { diffStates, type Change } from './diff.js';
import { manyKeysPerIdentity, type RecognisedKey } from './findings.js';
import { DEFAULT_MAX_KEYS } from './inspect.js';
import type { KeyState } from './key-state.js';
import { checkPrefix, defaultPatterns, recognise, selectRecognisers, type Declared, type Recogniser } from './recognisers/index.js';

/** What the probe sent, as it counts it. */
export interface SentTraffic {
  /** Requests that reached the server. */
  requests: number;
  /** Requests the server let through (2xx/3xx). */
  admitted: number;
  /** Identities (IPs, users, tokens) the probe kept apart. */
  identities: number;
  limit: number;
  windowMs: number;
}

/** One key the probe's traffic touched (the `keys` of the join result). */
export interface ChangedKey {
  key: string;
  change: Change;
  library: string | null;
  algorithm: string | null;
  identity?: string;
  before?: string;
  after?: string;
  /** Requests this key recorded during the probe, when it is a counter or log. */
  countDelta?: number;
  ttl?: string;
  findings: string[];
}

export const PROBE_CODES = {
  noKeys: 'REDIS_PROBE_NO_KEYS',
  countMismatch: 'REDIS_PROBE_COUNT_MISMATCH',
  sharedKey: 'REDIS_PROBE_SHARED_KEY',
  keysPerIdentity: 'REDIS_PROBE_KEYS_PER_IDENTITY',
} as const;

export interface CaptureOptions {
  url: string;
  match?: string[];
  library?: string;
  /** The library's configured key prefix when not its default (needs `library`). */
  prefix?: string;
  cluster?: boolean;
  maxKeys?: number;
}

/**
 * Snapshot the limiter keys before the probe's traffic; `finish` snapshots again and reports the
 * keys created or changed, checked against what the probe sent and saw admitted. Read-only.
 * The connection stays open between the two snapshots; `finish` always closes it.
 */
export async function captureBefore(opts: CaptureOptions): Promise<{
  finish(sent: SentTraffic): Promise<{ findings: Finding[]; keys: ChangedKey[] }>;
}> {
  const recognisers = selectRecognisers(opts.library);
  const prefix = checkPrefix(recognisers, opts.prefix, 'redis.prefix');
  const patterns = opts.match && opts.match.length > 0 ? opts.match : defaultPatterns(recognisers, prefix);
  const maxKeys = opts.maxKeys ?? DEFAULT_MAX_KEYS;
  const conn = await connectRedis(opts.url, { cluster: opts.cluster });
  let before: KeyState[];
  try {
    before = (await collectKeys(conn, patterns, maxKeys, DEFAULT_SCAN_DEADLINE_MS)).states;
  } catch (e) {
    await conn.close();
    throw e;
  }
  const startedAt = Date.now();
  let finished = false;
  return {
    async finish(sent) {
      if (finished) throw new Error('captureBefore: finish() called twice');
      finished = true;
      try {
        const after = await collectKeys(conn, patterns, maxKeys, DEFAULT_SCAN_DEADLINE_MS);
        return joinProbe(before, after.states, sent, recognisers, Date.now() - startedAt, Date.now(), prefix);
      } finally {
        await conn.close();
      }
    },
  };
}

/** Pure core of the join: diff two snapshots and judge the changes against the traffic. */
export function joinProbe(
  before: KeyState[],
  after: KeyState[],
  sent: SentTraffic,
  recognisers: readonly Recogniser[],
  probeDurationMs: number,
  nowMs: number,
  prefix?: string,
): { findings: Finding[]; keys: ChangedKey[] } {
  const declared: Declared = { limit: sent.limit, windowMs: sent.windowMs };
  const changes = diffStates(before, after);
  const touched = changes.filter((c) => c.after).map((c) => c.after!);
  const analysis = analyseKeys(touched, recognisers, declared, nowMs, prefix);
  const rows = new Map(analysis.keys.map((k) => [k.key, k]));
  const recognised = new Map(analysis.recognised.map((r) => [r.state.key, r]));
  const findings: Finding[] = [...analysis.findings];
  const keys: ChangedKey[] = [];

  for (const c of changes) {
    const k = (c.after ?? c.before)!.key;
    const row = rows.get(k);
    const rAfter = recognised.get(k)?.recognition;
    const rBefore = c.before ? recognise(c.before, recognisers, { nowMs, declared, prefix }) : null;
    let countDelta: number | undefined;
    if (rAfter?.count !== undefined) {
      const prev = rBefore?.count;
      // A counter that went down was reset by a new window: everything in it is new.
      countDelta = prev !== undefined && rAfter.count >= prev ? rAfter.count - prev : rAfter.count;
    }
    keys.push({
      key: k,
      change: c.change,
      library: row?.library ?? rBefore?.library ?? null,
      algorithm: row?.algorithm ?? rBefore?.algorithm ?? null,
      identity: row?.identity ?? rBefore?.identity,
      before: rBefore?.summary,
      after: row?.summary,
      countDelta,
      ttl: row?.ttl,
      findings: row?.findings ?? [],
    });
  }

  const live = keys.filter((k) => k.change !== 'deleted' && k.library);
  if (sent.requests > 0 && live.length === 0) {
    findings.push({
      code: PROBE_CODES.noKeys,
      severity: 'warn',
      message: `${sent.requests} requests sent but no limiter key was created or changed in Redis: the limiter does not use this Redis/database, uses another key prefix (--match), or keeps its state in memory`,
      evidence: { requests: sent.requests },
    });
  }
  findings.push(...countMismatch(live, recognised, sent, probeDurationMs));
  findings.push(...sharedKey(live, sent));
  findings.push(...keysPerIdentity(keys, recognised, sent, probeDurationMs));
  // Keys-per-identity inside one window, as inspect reports it, over the touched keys only.
  findings.push(...manyKeysPerIdentity([...recognised.values()], nowMs).filter((f) => !findings.some((g) => g.code === f.code)));
  return { findings: dedupe(findings), keys };
}

/** Recorded requests vs what the library should have recorded (all requests, or admitted only). */
function countMismatch(live: ChangedKey[], recognised: Map<string, RecognisedKey>, sent: SentTraffic, probeMs: number): Finding[] {
  const byLib = new Map<string, ChangedKey[]>();
  for (const k of ofDeclaredWindow(live, recognised, sent)) byLib.set(k.library!, [...(byLib.get(k.library!) ?? []), k]);
  const out: Finding[] = [];
  for (const [lib, list] of byLib) {
    if (list.some((k) => k.countDelta === undefined)) continue;
    const modes = new Set(list.map((k) => recognised.get(k.key)?.recognition.countsRejected));
    if (modes.size !== 1) continue;
    const countsRejected = [...modes][0];
    if (countsRejected === undefined) continue;
    const expected = countsRejected ? sent.requests : sent.admitted;
    const recorded = list.reduce((n, k) => n + (k.countDelta ?? 0), 0);
    if (recorded === expected) continue;
    // Windows that expired mid-probe take their counts with them: only a short probe is exact.
    const exact = probeMs < sent.windowMs;
    const what = countsRejected ? `all ${sent.requests} requests (it counts rejected ones)` : `the ${sent.admitted} admitted requests (it stops at the limit)`;
    const why =
      recorded < expected
        ? countsRejected
          ? 'some requests never reached the limiter (cached, other route, fail-open) or other keys hold them'
          : 'requests were admitted without being recorded: the limiter fails open, or admitted them elsewhere'
        : 'other traffic shared these keys during the probe, or one request is counted more than once';
    out.push({
      code: PROBE_CODES.countMismatch,
      severity: exact ? 'warn' : 'info',
      message: `${lib}: keys recorded ${recorded} requests during the probe; expected ${what}: ${why}${exact ? '' : ` (the probe outlasted one ${formatDuration(sent.windowMs)} window, so expired keys may explain it)`}`,
      evidence: { library: lib, recorded, expected, requests: sent.requests, admitted: sent.admitted, keys: list.map((k) => k.key).slice(0, 10) },
    });
  }
  return out;
}

/**
 * Keys of the limit the probe declared. Kong and Python `limits` keep one key per configured limit
 * (per second, per minute, per hour…) and every request touches all of them; only the keys whose
 * window is the declared one can be compared with what the probe sent.
 */
function ofDeclaredWindow(keys: ChangedKey[], recognised: Map<string, RecognisedKey>, sent: SentTraffic): ChangedKey[] {
  return keys.filter((k) => (recognised.get(k.key)?.recognition.windowMs ?? sent.windowMs) === sent.windowMs);
}

/** Fewer distinct identities in Redis than the probe kept apart: one key serves several clients. */
function sharedKey(live: ChangedKey[], sent: SentTraffic): Finding[] {
  if (sent.identities <= 1 || live.length === 0) return [];
  const ids = new Set(live.map((k) => k.identity ?? k.key));
  if (ids.size >= sent.identities) return [];
  return [
    {
      code: PROBE_CODES.sharedKey,
      severity: 'warn',
      message: `the probe used ${sent.identities} separate identities but the limiter keys show ${ids.size} (${[...ids].slice(0, 3).join(', ')}): clients share one counter (keyed by proxy IP or a constant?), so one client's traffic locks out the others`,
      evidence: { identities: sent.identities, keyIdentities: [...ids].slice(0, 10) },
    },
  ];
}

/** More keys created than identities × windows spanned: the key changes per request. */
function keysPerIdentity(keys: ChangedKey[], recognised: Map<string, RecognisedKey>, sent: SentTraffic, probeMs: number): Finding[] {
  const created = ofDeclaredWindow(keys, recognised, sent).filter((k) => k.change === 'created' && k.library);
  if (created.length === 0 || sent.windowMs <= 0) return [];
  const perWindow = Math.max(...created.map((k) => recognised.get(k.key)?.recognition.keysPerWindow ?? 1));
  const windows = Math.floor(probeMs / sent.windowMs) + 2;
  const allowed = Math.max(1, sent.identities) * windows * perWindow;
  if (created.length <= allowed) return [];
  return [
    {
      code: PROBE_CODES.keysPerIdentity,
      severity: 'warn',
      message: `${created.length} limiter keys created for ${sent.identities} identities over ${windows - 1}-${windows} windows (at most ${allowed} expected): the key includes something that changes per request, so no key ever reaches the limit`,
      evidence: { created: created.length, identities: sent.identities, allowed, sample: created.slice(0, 5).map((k) => k.key) },
    },
  ];
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const id = `${f.code}\u0000${f.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
