/**
 * Scenario file types: what a user writes (after `${VAR}` interpolation and schema validation).
 * The JSON Schema in `schema/scenario.schema.json` is the source of truth for what is allowed;
 * these types mirror it. Durations are strings like "30s", "500ms", "2m" in the file and are
 * converted to milliseconds by the plan builder.
 */

export type Duration = string | number; // "30s", "500ms", "1m", or a number of milliseconds

export interface Scenario {
  name: string;
  description?: string;
  /** Base URL, or "embedded" / absent: start the embedded reference target in-process. */
  target?: string;
  /** Options for the embedded target when `target` is embedded. */
  embedded?: EmbeddedTargetOptions;
  /** Seed for the request-mix picker and anything random, for repeatable runs. */
  seed?: number;
  defaults?: {
    headers?: Record<string, string>;
    timeout?: Duration;
  };
  auth?: Record<string, AuthProfile>;
  /** k6-style thresholds applied to every phase (see issue 5 / docs/reports.md). */
  thresholds?: Record<string, string[] | ThresholdSpec[]>;
  phases: Phase[];
}

export interface ThresholdSpec {
  threshold: string;
  abortOnFail?: boolean;
}

export interface EmbeddedTargetOptions {
  redis?: string;
  corsOrigin?: string;
  publicLimit?: number;
  userLimit?: number;
  window?: Duration;
  /** HS256 secret of the embedded target's tokens, so a scenario can mint its own (pool) tokens. */
  jwtSecret?: string;
}

export type AuthProfile =
  | { bearer: string }
  | { jwt: JwtAuth }
  | { login: LoginAuth }
  | { pool: PoolAuth };

export interface JwtAuth {
  secret: string;
  algorithm?: 'HS256' | 'HS384' | 'HS512';
  claims?: Record<string, unknown>;
  expiresIn?: Duration;
  issuer?: string;
  audience?: string;
}

export interface LoginAuth {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Dot path of the token in the JSON answer, e.g. "access_token" or "data.token". */
  token: string;
  /** Header scheme, default "Bearer". */
  scheme?: string;
}

/** N distinct identities. `${i}` (1-based) in login bodies or JWT claims is replaced per user. */
export interface PoolAuth {
  size: number;
  login?: LoginAuth;
  jwt?: JwtAuth;
}

export interface RequestSpec {
  name?: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Name of an auth profile in `auth`. */
  auth?: string;
}

export interface MixEntry extends RequestSpec {
  name: string;
  weight?: number;
}

export interface Expectations {
  status?: number | number[];
  headers?: HeaderExpectation[];
  json?: JsonExpectation[];
  bodyContains?: string | string[];
  preset?: 'security-headers' | Array<'security-headers'>;
  cors?: CorsExpectation;
  maxLatency?: Duration;
}

export interface HeaderExpectation {
  name: string;
  present?: boolean;
  equals?: string;
  matches?: string;
}

export interface JsonExpectation {
  path: string;
  equals?: unknown;
  exists?: boolean;
}

export interface CorsExpectation {
  origin: string;
  method?: string;
  headers?: string[];
}

/** Expectations over a whole burst or flood phase. */
export interface LoadExpectations {
  /** Statuses that count as success (default: any 2xx or 3xx). */
  status?: number | number[];
  /** Minimum share of requests that must succeed, 0..1 (default 1 when `expect` is given). */
  successRate?: number;
}

interface PhaseBase {
  name: string;
  thresholds?: Record<string, string[] | ThresholdSpec[]>;
}

export interface BurstPhase extends PhaseBase {
  kind: 'burst';
  connections: number;
  requests: number;
  mix: MixEntry[];
  expect?: LoadExpectations;
}

export interface FloodStage {
  duration: Duration;
  /** Arrival rate (req/s) reached at the end of the stage, ramping linearly from the previous. */
  target: number;
}

export interface FloodPhase extends PhaseBase {
  kind: 'flood';
  /** Closed model: number of connections. */
  connections?: number;
  /** Open model: constant arrival rate in requests per second. */
  rate?: number;
  /** Open model: ramping stages (arrival rate). */
  stages?: FloodStage[];
  /** Closed model or constant-rate open model: how long. */
  duration?: Duration;
  /** Open model: most requests in flight at once (default 1000); beyond it arrivals are dropped and counted. */
  maxInFlight?: number;
  mix: MixEntry[];
  expect?: LoadExpectations;
}

export interface CheckPhase extends PhaseBase {
  kind: 'check';
  request: RequestSpec;
  expect: Expectations;
}

export interface RateProbePhase extends PhaseBase {
  kind: 'rate-probe';
  request: RequestSpec;
  limit: number;
  window: Duration;
  count?: number;
  concurrency?: number;
  scope?: 'ip' | 'user' | 'global';
  algorithm?: 'fixed' | 'sliding' | 'token-bucket' | 'unknown';
  limitedStatus?: number;
  recover?: boolean;
  strategies?: string[];
  /** Second identity (auth profile name) for the identity strategy. */
  otherAuth?: string;
  origin?: string;
  failOpenAllowed?: boolean;
  redis?: { url: string; match?: string[]; library?: string };
}

export type Phase = BurstPhase | FloodPhase | CheckPhase | RateProbePhase;
export type PhaseKind = Phase['kind'];
