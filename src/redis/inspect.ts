import type { Finding, Verdict } from '../model/result.js';
import { analyseKeys, scanFindings, type InspectedKey } from './analyse.js';
import { collectKeys, DEFAULT_SCAN_DEADLINE_MS } from './collect.js';
import { connectRedis, type ConnectLimits } from './connect.js';
import { inspectVerdict } from './verdict.js';
import { checkPrefix, defaultPatterns, selectRecognisers, type Declared } from './recognisers/index.js';

export interface InspectOptions {
  url: string;
  /** SCAN MATCH globs; empty/absent = every known library's patterns. */
  match?: string[];
  /** "auto" (default) or one recogniser id. */
  library?: string;
  /** The library's configured key prefix when not its default (needs `library`). */
  prefix?: string;
  declared?: Declared;
  maxKeys?: number;
  cluster?: boolean;
  scanDeadlineMs?: number;
  limits?: ConnectLimits;
}

/** The result of `limitprobe inspect` (the `--json` output). */
export interface InspectReport {
  /** The Redis URL with the password redacted. */
  redis: string;
  cluster: boolean;
  nodes: string[];
  patterns: string[];
  library: string;
  prefix?: string;
  declared: Declared;
  readAt: string;
  truncated: boolean;
  keys: InspectedKey[];
  findings: Finding[];
  /** fail: a fail-grade finding; inconclusive: no key to judge; else pass (src/redis/verdict.ts). */
  verdict: Verdict;
  reason: string;
}

export const DEFAULT_MAX_KEYS = 10_000;

/** Connect, scan, read, recognise, judge, disconnect. Read-only: no command here writes. */
export async function inspectRedis(opts: InspectOptions): Promise<InspectReport> {
  const recognisers = selectRecognisers(opts.library);
  const prefix = checkPrefix(recognisers, opts.prefix);
  const patterns = opts.match && opts.match.length > 0 ? opts.match : defaultPatterns(recognisers, prefix);
  const declared = opts.declared ?? {};
  const conn = await connectRedis(opts.url, { cluster: opts.cluster, limits: opts.limits });
  try {
    const collected = await collectKeys(conn, patterns, opts.maxKeys ?? DEFAULT_MAX_KEYS, opts.scanDeadlineMs ?? DEFAULT_SCAN_DEADLINE_MS);
    const nowMs = Date.now();
    const analysis = analyseKeys(collected.states, recognisers, declared, nowMs, prefix);
    const findings = [...analysis.findings, ...scanFindings(collected.truncated, collected.truncatedReason, analysis.keys.length, patterns)];
    return {
      redis: conn.target.redacted,
      cluster: conn.cluster,
      nodes: conn.nodes.map((n) => n.name),
      patterns,
      library: opts.library ?? 'auto',
      prefix,
      declared,
      readAt: new Date(nowMs).toISOString(),
      truncated: collected.truncated,
      keys: analysis.keys,
      findings,
      ...inspectVerdict(findings, analysis.keys.length),
    };
  } finally {
    await conn.close();
  }
}
