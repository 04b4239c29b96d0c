import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';
import { FAULTS, isFaultName, type FaultName } from './faults.js';

export type Algorithm = 'sliding' | 'fixed';
export type HeaderDialect = 'legacy' | 'draft6' | 'draft7' | 'draft8' | 'none';

export const ALGORITHMS: readonly Algorithm[] = ['sliding', 'fixed'];
export const HEADER_DIALECTS: readonly HeaderDialect[] = ['legacy', 'draft6', 'draft7', 'draft8', 'none'];
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', '::1', 'localhost'];

export interface TargetOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default '127.0.0.1'; only loopback hosts are accepted. */
  host?: string;
  /** redis:// URL → Redis store; absent → in-memory store. */
  redis?: string;
  /** Redis key prefix, default 'limitprobe:rl:' (tests pass a unique one). */
  keyPrefix?: string;
  /** Allowed CORS origin, default 'http://localhost:3000'. */
  corsOrigin?: string;
  /** Per client IP, per window, on public API routes. Default 20. */
  publicLimit?: number;
  /** Per user id, per window, on authenticated API routes. Default 100. */
  userLimit?: number;
  /** Default 60000. */
  windowMs?: number;
  /** sliding (log, default) or fixed (epoch-aligned fixed window). */
  algorithm?: Algorithm;
  /** Rate-limit header dialect; default draft6 (which also sends legacy X-RateLimit-*). */
  headers?: HeaderDialect;
  /** Take the client IP from the first X-Forwarded-For value. */
  trustProxy?: boolean;
  /** HS256 secret; default: random per start. */
  jwtSecret?: string;
  /** Artificial delay on /api routes, in ms. */
  latencyMs?: number;
  faults?: FaultName[];
  /** No log lines on stderr. */
  quiet?: boolean;
}

/** Every option filled in; `redis` stays undefined for the in-memory store. */
export type ResolvedTargetOptions = Required<Omit<TargetOptions, 'redis'>> & { redis: string | undefined };

/** How each option is called in error messages: option keys for the library, flags for the CLI. */
export type OptionLabels = Record<keyof TargetOptions, string>;

export const OPTION_LABELS: OptionLabels = {
  port: 'target option port',
  host: 'target option host',
  redis: 'target option redis',
  keyPrefix: 'target option keyPrefix',
  corsOrigin: 'target option corsOrigin',
  publicLimit: 'target option publicLimit',
  userLimit: 'target option userLimit',
  windowMs: 'target option windowMs',
  algorithm: 'target option algorithm',
  headers: 'target option headers',
  trustProxy: 'target option trustProxy',
  jwtSecret: 'target option jwtSecret',
  latencyMs: 'target option latencyMs',
  faults: 'target option faults',
  quiet: 'target option quiet',
};

function integerIn(value: number, min: number, max: number, label: string, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UserError(`${label}: invalid value ${JSON.stringify(value)}; use ${what}`);
  }
  return value;
}

function oneOf<T extends string>(value: string, valid: readonly T[], label: string): T {
  if (!(valid as readonly string[]).includes(value)) {
    throw new UserError(`${label}: invalid value ${JSON.stringify(value)}; valid: ${valid.join(', ')}`);
  }
  return value as T;
}

function checkRedisUrl(url: string, label: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`${label}: ${JSON.stringify(redactUrl(url))} is not a URL; use redis://host:port[/db]`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new UserError(`${label}: unsupported scheme ${JSON.stringify(parsed.protocol)}; use redis:// or rediss://`);
  }
  return url;
}

function checkOrigin(origin: string, label: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(origin);
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.origin !== origin) {
    throw new UserError(`${label}: invalid origin ${JSON.stringify(origin)}; use scheme://host[:port] without a path, e.g. http://localhost:3000`);
  }
  return origin;
}

/** Hides the password (and user) of a URL so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password || u.username) {
      u.username = '';
      u.password = '';
      return u.toString().replace('//', '//***@');
    }
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Fills defaults and validates; every error names the option (or flag) and what is valid. */
export function resolveOptions(opts: TargetOptions = {}, labels: OptionLabels = OPTION_LABELS): ResolvedTargetOptions {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.includes(host)) {
    throw new UserError(`${labels.host}: ${JSON.stringify(host)} is not a loopback address; the target only listens on ${LOOPBACK_HOSTS.join(', ')}`);
  }
  const faults = opts.faults ?? [];
  for (const f of faults) {
    if (!isFaultName(f)) throw new UserError(`${labels.faults}: unknown fault ${JSON.stringify(f)}; valid: ${FAULTS.join(', ')}`);
  }
  const keyPrefix = opts.keyPrefix ?? 'limitprobe:rl:';
  if (keyPrefix.length === 0) throw new UserError(`${labels.keyPrefix}: must not be empty; e.g. limitprobe:rl:`);
  const jwtSecret = opts.jwtSecret ?? randomBytes(32).toString('base64url');
  if (jwtSecret.length === 0) throw new UserError(`${labels.jwtSecret}: must not be empty`);
  return {
    port: integerIn(opts.port ?? 0, 0, 65535, labels.port, 'an integer port 0-65535 (0 = a free port)'),
    host,
    redis: opts.redis === undefined ? undefined : checkRedisUrl(opts.redis, labels.redis),
    keyPrefix,
    corsOrigin: checkOrigin(opts.corsOrigin ?? 'http://localhost:3000', labels.corsOrigin),
    publicLimit: integerIn(opts.publicLimit ?? 20, 1, 1_000_000, labels.publicLimit, 'an integer 1-1000000'),
    userLimit: integerIn(opts.userLimit ?? 100, 1, 1_000_000, labels.userLimit, 'an integer 1-1000000'),
    windowMs: integerIn(opts.windowMs ?? 60_000, 100, 86_400_000, labels.windowMs, 'a window of 100ms to 24h, in whole milliseconds'),
    algorithm: oneOf(opts.algorithm ?? 'sliding', ALGORITHMS, labels.algorithm),
    headers: oneOf(opts.headers ?? 'draft6', HEADER_DIALECTS, labels.headers),
    trustProxy: opts.trustProxy ?? false,
    jwtSecret,
    latencyMs: integerIn(opts.latencyMs ?? 0, 0, 60_000, labels.latencyMs, 'whole milliseconds 0-60000'),
    faults: [...new Set(faults)],
    quiet: opts.quiet ?? false,
  };
}
