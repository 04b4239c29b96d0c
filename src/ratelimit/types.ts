import type { Finding, Verdict } from '../model/result.js';

/** The probe's strategies; each can be chosen with --strategy. */
export type StrategyName = 'sequential' | 'concurrent' | 'recovery' | 'identity' | 'browser';
export const STRATEGY_NAMES: readonly StrategyName[] = ['sequential', 'concurrent', 'recovery', 'identity', 'browser'];

export type Algorithm = 'fixed' | 'sliding' | 'token-bucket' | 'unknown';
export type Scope = 'ip' | 'user' | 'global';

export interface ProbeConfig {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  limit: number;
  windowMs: number;
  count: number;
  concurrency: number;
  scope: Scope;
  algorithm: Algorithm;
  limitedStatus: number;
  recover: boolean;
  strategies?: StrategyName[];
  /** Headers of a second identity (e.g. another user's Authorization) for the identity strategy. */
  otherHeaders?: Record<string, string>;
  origin?: string;
  /**
   * A forwarding header the service trusts (it sits behind a proxy that sets it), e.g.
   * X-Forwarded-For: identities A and B are then two client addresses sent in it.
   */
  forwardedHeader?: string;
  failOpenAllowed?: boolean;
  /** Requests the same run sent to this route within the window before the probe (scenario phases). */
  priorRequests?: number;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Bound on the whole probe, waits included; default from the window and the strategies. */
  maxDurationMs?: number;
  /** Called after each sequential request with its status (null: a network error) (not serialised). */
  onProgress?: (done: number, status: number | null) => void;
  /** Told about long waits ("waiting 66s for a fresh budget…"), for a progress line (not serialised). */
  onStatus?: (line: string) => void;
}

/** Which header family carried the limit information. */
export type HeaderDialect = 'legacy' | 'draft6' | 'draft7' | 'draft8' | 'kong';

/** How a reset value was written: delta seconds, an epoch in seconds, an epoch in milliseconds. */
export type ResetKind = 'delta-seconds' | 'epoch-seconds' | 'epoch-ms' | 'none';

/** Limit information from one response, in one dialect (draft 8 may carry several policies). */
export interface LimitHeaders {
  dialect: HeaderDialect;
  /** Policy name (draft 8) or period (Kong "minute"); absent otherwise. */
  policy?: string;
  limit: number | null;
  remaining: number | null;
  /** Seconds until the reset, converted from whatever format the server used. */
  resetSeconds: number | null;
  resetKind: ResetKind;
  /** Window advertised by a policy header (w=) or a Kong period, in seconds. */
  windowSeconds: number | null;
}

export interface RetryAfter {
  raw: string;
  /** Seconds to wait, when it could be read (negative and fractional values are kept as sent). */
  seconds: number | null;
  kind: 'seconds' | 'http-date' | 'invalid';
}

/**
 * What one answer means for the probe, decided with the stream's context (a 403 after admitted
 * answers is a limit with the wrong status; a 403 on the first request is missing credentials).
 */
export type Outcome =
  | 'admitted'
  | 'limited'
  | 'limited-wrong-status'
  | 'unreached'
  | 'server-error'
  /** A 4xx after admitted answers that is not the limiter's (see classifyStream). */
  | 'error-answer'
  | 'network-error';

export interface TimelineEntry {
  /** 1-based position within its strategy. */
  index: number;
  strategy: StrategyName | 'exempt-check' | 'health-check';
  /** Which identity sent it: "A", "B", "A+xff" ... */
  identity: string;
  method: string;
  /** Milliseconds since the probe started, when the request was sent. */
  sendOffsetMs: number;
  status: number | null;
  errorKind?: string;
  latencyMs: number;
  /** The limit headers chosen for judging (see selectLimits); null when none were sent. */
  limits: LimitHeaders | null;
  /** Every dialect found on the answer. */
  allLimits: LimitHeaders[];
  retryAfter: RetryAfter | null;
  /** Why a 2xx body reads like an error ("success":false, "rate limit"...), if it does. */
  errorBody?: string;
  /** Why a non-429 answer reads like a limit (body text, Retry-After, Remaining 0), if it does. */
  limitSignal?: string;
  /** Access-Control-Allow-Origin on the answer (browser strategy), null when absent. */
  allowOrigin?: string | null;
  /** Why an error answer was not taken for the limiter's (it would otherwise read as a wrong-status limit). */
  notLimit?: string;
  outcome: Outcome;
}

export interface StrategyReport {
  name: StrategyName;
  verdict: Verdict;
  findings: Finding[];
  summary: string;
}

export interface ProbeReport {
  verdict: Verdict;
  reason: string;
  findings: Finding[];
  timeline: TimelineEntry[];
  admitted: number;
  limited: number;
  /** 1-based index (in the sequential stream) of the first limited answer. */
  firstLimitedAt: number | null;
  strategies: StrategyReport[];
  /** The configuration as run, with secrets redacted. */
  config: Record<string, unknown>;
  /** Requests sent by every strategy together. */
  requests: number;
  durationMs: number;
  /** With a Redis URL: the limiter keys the probe's traffic touched, and what they showed. */
  redis?: RedisEvidence;
}

/** Redis before/after join (src/redis/probe-join.ts) and, with watch, MONITOR forensics. */
export interface RedisEvidence {
  findings: Finding[];
  keys: unknown[];
  forensics?: unknown;
  /** Why the Redis part could not run, when it could not. */
  error?: string;
}

/** The declared policy as rules see it. */
export interface Policy {
  limit: number;
  windowMs: number;
  algorithm: Algorithm;
  limitedStatus: number;
  scope: Scope;
  failOpenAllowed: boolean;
  /** See ProbeConfig.priorRequests; 0 when unknown. */
  priorRequests: number;
}
