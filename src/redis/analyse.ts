import type { Finding } from '../model/result.js';
import type { KeyState } from './key-state.js';
import { CODES, keyFindings, manyKeysPerIdentity, type RecognisedKey } from './findings.js';
import { recognise, type Declared, type Recogniser, type Recognition } from './recognisers/index.js';
import { floatValue, formatTtl, intValue, logSummary, toMs } from './recognisers/format.js';

/** One row of the inspect table / one entry of `--json` `keys`. */
export interface InspectedKey {
  key: string;
  node: string;
  type: string;
  pttlMs: number;
  ttl: string;
  library: string | null;
  algorithm: string | null;
  identity?: string;
  count?: number;
  summary: string;
  /** Codes of the findings about this key. */
  findings: string[];
}

export interface Analysis {
  keys: InspectedKey[];
  recognised: RecognisedKey[];
  findings: Finding[];
}

/** Recognise, summarise and judge a set of key states. Pure: no Redis, no clock but `nowMs`. */
export function analyseKeys(states: KeyState[], recognisers: readonly Recogniser[], declared: Declared, nowMs: number, prefix?: string): Analysis {
  const keys: InspectedKey[] = [];
  const recognised: RecognisedKey[] = [];
  const findings: Finding[] = [];
  for (const s of states) {
    if (s.type === 'none') continue;
    const r = recognise(s, recognisers, { nowMs, declared, prefix });
    if (r) recognised.push({ state: s, recognition: r });
    const kf = keyFindings(s, r);
    for (const { key: _key, ...f } of kf) findings.push(f);
    keys.push(row(s, r, kf.map((f) => f.code)));
  }
  for (const f of manyKeysPerIdentity(recognised, nowMs)) {
    findings.push(f);
    const involved = new Set((f.evidence?.keys as string[] | undefined) ?? []);
    for (const k of keys) if (involved.has(k.key)) k.findings.push(f.code);
  }
  return { keys, recognised, findings };
}

function row(s: KeyState, r: Recognition | null, codes: string[]): InspectedKey {
  return {
    key: s.key,
    node: s.node,
    type: s.type,
    pttlMs: s.pttlMs,
    ttl: formatTtl(s.pttlMs),
    library: r?.library ?? null,
    algorithm: r?.algorithm ?? null,
    identity: r?.identity,
    count: r?.count,
    summary: r?.summary ?? genericSummary(s, s.readAtMs),
    findings: codes,
  };
}

/**
 * A summary for keys no recogniser claimed. Only numbers, sizes and field names are shown: a key
 * matched by a user pattern can hold anything (sessions, tokens), and secrets must not reach output.
 */
export function genericSummary(s: KeyState, nowMs: number): string {
  switch (s.type) {
    case 'string': {
      const n = intValue(s) ?? floatValue(s.value);
      return n !== undefined ? `number ${n}` : `string (${s.strlen ?? s.value?.length ?? 0} bytes, not shown)`;
    }
    case 'hash': {
      if (!s.hash) return `hash, ${s.hashLen ?? 0} fields`;
      const parts = Object.entries(s.hash)
        .slice(0, 6)
        .map(([k, v]) => (floatValue(v) !== undefined ? `${k}=${v}` : `${k}=(${v.length} chars)`));
      return `hash: ${parts.join(' ')}${(s.hashLen ?? 0) > 6 ? ` (+${(s.hashLen ?? 0) - 6} more)` : ''}`;
    }
    case 'zset': {
      const looksLikeTime = (x?: number) => x !== undefined && x > 1e9;
      if (looksLikeTime(s.first?.score) && looksLikeTime(s.last?.score)) {
        return logSummary(s.size ?? 0, toMs(s.first!.score), toMs(s.last!.score), nowMs);
      }
      return `zset, ${s.size ?? 0} members`;
    }
    case 'list': {
      const a = floatValue(s.head);
      const b = floatValue(s.tail);
      if (a !== undefined && b !== undefined && a > 1e9 && b > 1e9) {
        return logSummary(s.size ?? 0, toMs(Math.min(a, b)), toMs(Math.max(a, b)), nowMs, 'timestamps');
      }
      return `list, ${s.size ?? 0} elements`;
    }
    case 'set':
      return `set, ${s.size ?? 0} members`;
    default:
      return s.type;
  }
}

export function scanFindings(truncated: boolean, reason: string | undefined, keyCount: number, patterns: string[]): Finding[] {
  const out: Finding[] = [];
  if (truncated) {
    out.push({
      code: CODES.scanTruncated,
      severity: 'info',
      message: `scan stopped early (${reason}); ${keyCount} keys inspected, more may exist: narrow --match or raise --max-keys`,
      evidence: { keys: keyCount },
    });
  }
  if (keyCount === 0) {
    out.push({
      code: CODES.noLimiterKeys,
      severity: 'info',
      message: `no keys matched ${patterns.join(', ')}: the limiter may use another prefix, another database index, or no Redis at all`,
      evidence: { patterns },
    });
  }
  return out;
}
