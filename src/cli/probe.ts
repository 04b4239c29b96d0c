import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { EXIT } from '../exit-codes.js';
import { UserError } from '../errors.js';
import { parseDuration } from '../scenario/duration.js';
import { parseRedisUrl } from '../redis/url.js';
import { runProbe, type ProbeRedis } from '../ratelimit/probe.js';
import { renderProbe } from '../ratelimit/render.js';
import { STRATEGY_NAMES, type Algorithm, type ProbeConfig, type Scope, type StrategyName } from '../ratelimit/types.js';
import type { Verdict } from '../model/result.js';

interface ProbeArgs {
  url: string;
  limit: string;
  window: string;
  count?: string;
  concurrency: string;
  method: string;
  header: string[];
  body?: string;
  'auth-bearer'?: string;
  scope: string;
  algorithm: string;
  'limited-status': string;
  recover: boolean;
  json: boolean;
  strategy: string[];
  'other-bearer'?: string;
  'other-header': string[];
  origin?: string;
  'forwarded-header'?: string;
  'fail-open-allowed': boolean;
  redis?: string;
  'redis-match': string[];
  'redis-library'?: string;
  'redis-watch': boolean;
  timeout: string;
}

const SCOPES: readonly Scope[] = ['ip', 'user', 'global'];
const ALGORITHMS: readonly Algorithm[] = ['fixed', 'sliding', 'token-bucket', 'unknown'];
const MAX_COUNT = 100_000;
const MAX_CONCURRENCY = 1000;

const EXIT_OF: Record<Verdict, number> = { pass: EXIT.ok, fail: EXIT.failed, inconclusive: EXIT.inconclusive };

function builder(y: Argv): Argv<ProbeArgs> {
  return y
    .positional('url', { type: 'string', describe: 'The rate-limited route, http:// or https://' })
    .option('limit', { type: 'string', demandOption: true, describe: 'Declared limit: requests allowed per window' })
    .option('window', { type: 'string', demandOption: true, describe: 'Declared window: 500ms, 10s, 60s, 1m, 1h' })
    .option('count', { type: 'string', describe: 'Requests in the sequential stream (default: limit + 5)' })
    .option('concurrency', { type: 'string', default: '1', describe: 'Requests in flight at once; above 1 adds the concurrent (race) strategy' })
    .option('method', { type: 'string', default: 'GET', describe: 'HTTP method' })
    .option('header', { type: 'string', array: true, default: [] as string[], describe: 'Request header "Name: value" (repeatable)' })
    .option('body', { type: 'string', describe: 'Request body (for POST/PUT routes such as a login)' })
    .option('auth-bearer', { type: 'string', describe: 'Bearer token of identity A (never printed)' })
    .option('scope', { type: 'string', default: 'ip', describe: `What the limit is keyed on: ${SCOPES.join(', ')}` })
    .option('algorithm', { type: 'string', default: 'unknown', describe: `Declared algorithm: ${ALGORITHMS.join(', ')}` })
    .option('limited-status', { type: 'string', default: '429', describe: 'Status a limited answer must have' })
    .option('recover', { type: 'boolean', default: false, describe: 'Also wait for the window (Retry-After) and check recovery and an under-rate client' })
    .option('strategy', { type: 'string', array: true, default: [] as string[], describe: `Run only these strategies (repeatable): ${STRATEGY_NAMES.join(', ')}` })
    .option('other-bearer', { type: 'string', describe: 'Bearer token of a second identity B (identity strategy; never printed)' })
    .option('other-header', { type: 'string', array: true, default: [] as string[], describe: 'Header "Name: value" of identity B, replacing A\'s (repeatable)' })
    .option('origin', { type: 'string', describe: 'Origin of the web app: checks CORS on limited answers and preflight quota (browser strategy)' })
    .option('forwarded-header', { type: 'string', describe: 'A forwarding header the service trusts (behind its proxy), e.g. X-Forwarded-For: identities A and B become two client addresses in it' })
    .option('fail-open-allowed', { type: 'boolean', default: false, describe: 'Admitting everything while the limiter store is down is acceptable here' })
    .option('redis', { type: 'string', describe: 'redis:// URL of the limiter store: diff its keys before/after the probe' })
    .option('redis-match', { type: 'string', array: true, default: [] as string[], describe: 'SCAN MATCH glob for the limiter keys (repeatable)' })
    .option('redis-library', { type: 'string', describe: 'Limiter library, if known (e.g. rate-limiter-flexible)' })
    .option('redis-watch', { type: 'boolean', default: false, describe: 'Also MONITOR the limiter commands during the probe (needs +monitor)' })
    .option('timeout', { type: 'string', default: '10s', describe: 'Per-request timeout' })
    .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object (verdict, findings, timeline, admitted, firstLimitedAt)' })
    .example('$0 probe https://api.example.com/v1/search --limit 20 --window 60s', '25 sequential requests against a declared 20/min limit')
    .example('$0 probe http://127.0.0.1:8080/api/v1/services --limit 20 --window 60s --concurrency 40', 'Also fire 40 at once to catch check-then-set races')
    .example('$0 probe $URL --limit 100 --window 1m --scope user --auth-bearer $A --other-bearer $B', 'Exhausting user A must not limit user B')
    .example('$0 probe $URL --limit 20 --window 60s --recover --origin https://app.example.com', 'Check recovery after Retry-After, CORS on 429 and preflights')
    .example('$0 probe $URL --limit 20 --window 60s --redis redis://127.0.0.1:6379 --json', 'Join the verdict with the limiter keys in Redis, as JSON')
    .epilogue('Exit codes: 0 PASS, 1 FAIL, 2 usage error, 3 INCONCLUSIVE (the probe could not see the limit: unreachable, 404/401, exempt route...).\nFinding codes: docs/probe.md.') as unknown as Argv<ProbeArgs>;
}

function positiveInt(value: string | undefined, flag: string, max: number): number {
  const v = String(value ?? '').trim();
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new UserError(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  if (n > max) throw new UserError(`${flag} must be at most ${max}, got ${n}`);
  return n;
}

function oneOf<T extends string>(value: string, valid: readonly T[], flag: string): T {
  if (!(valid as readonly string[]).includes(value)) throw new UserError(`${flag} must be one of ${valid.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

function positiveDuration(value: string, flag: string, maxMs: number): number {
  const ms = parseDuration(value, flag);
  if (ms <= 0 || ms > maxMs) throw new UserError(`${flag} must be a duration above 0 and at most ${maxMs / 3_600_000}h, got ${JSON.stringify(value)}`);
  return Math.round(ms);
}

/** `Name: value` → [name, value]; the value is never echoed (it may be a credential). */
export function parseHeader(raw: string, flag: string): [string, string] {
  const i = raw.indexOf(':');
  const name = i > 0 ? raw.slice(0, i).trim() : '';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new UserError(`${flag} must look like "Name: value", got a value starting ${JSON.stringify(raw.slice(0, Math.max(0, Math.min(i > 0 ? i : 12, 24))))}`);
  }
  return [name.toLowerCase(), raw.slice(i + 1).trim()];
}

function headerMap(list: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of list) {
    const [k, v] = parseHeader(String(raw), flag);
    out[k] = v;
  }
  return out;
}

function checkUrl(raw: string, what: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UserError(`${what}: ${JSON.stringify(raw)} is not a URL; use http://host[:port]/path or https://...`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UserError(`${what}: unsupported scheme ${JSON.stringify(u.protocol)}; use http:// or https://`);
  return raw;
}

function checkOrigin(raw: string): string {
  let u: URL | undefined;
  try {
    u = new URL(raw);
  } catch {
    u = undefined;
  }
  if (!u || u.origin !== raw) throw new UserError(`--origin must be scheme://host[:port] without a path, e.g. https://app.example.com, got ${JSON.stringify(raw)}`);
  return raw;
}

/** Flags → ProbeConfig and the Redis options, validated; every error names the flag and the value. */
export function probeConfigFromArgs(a: ProbeArgs): { config: ProbeConfig; redis?: ProbeRedis } {
  const url = checkUrl(String(a.url ?? ''), '<url>');
  const limit = positiveInt(a.limit, '--limit', 1_000_000);
  const windowMs = positiveDuration(String(a.window), '--window', 86_400_000);
  const count = a.count === undefined ? limit + 5 : positiveInt(a.count, '--count', MAX_COUNT);
  const concurrency = positiveInt(a.concurrency, '--concurrency', MAX_CONCURRENCY);
  const limitedStatus = positiveInt(a['limited-status'], '--limited-status', 599);
  if (limitedStatus < 100) throw new UserError(`--limited-status must be an HTTP status 100-599, got ${limitedStatus}`);
  const method = String(a.method).toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new UserError(`--method must be an HTTP method such as GET or POST, got ${JSON.stringify(a.method)}`);
  const headers = headerMap(a.header, '--header');
  if (a['auth-bearer'] !== undefined) {
    if (a['auth-bearer'].trim() === '') throw new UserError('--auth-bearer must not be empty');
    headers.authorization = `Bearer ${a['auth-bearer'].trim()}`;
  }
  let otherHeaders: Record<string, string> | undefined = a['other-header'].length > 0 ? headerMap(a['other-header'], '--other-header') : undefined;
  if (a['other-bearer'] !== undefined) {
    if (a['other-bearer'].trim() === '') throw new UserError('--other-bearer must not be empty');
    otherHeaders = { ...(otherHeaders ?? {}), authorization: `Bearer ${a['other-bearer'].trim()}` };
  }
  const strategies = a.strategy.map((s) => oneOf(String(s), STRATEGY_NAMES, '--strategy')) as StrategyName[];
  const config: ProbeConfig = {
    url,
    method,
    headers,
    limit,
    windowMs,
    count,
    concurrency,
    scope: oneOf(String(a.scope), SCOPES, '--scope'),
    algorithm: oneOf(String(a.algorithm), ALGORITHMS, '--algorithm'),
    limitedStatus,
    recover: a.recover,
    timeoutMs: positiveDuration(String(a.timeout), '--timeout', 600_000),
    failOpenAllowed: a['fail-open-allowed'],
  };
  if (a.body !== undefined) config.body = a.body;
  if (strategies.length > 0) config.strategies = [...new Set(strategies)];
  if (otherHeaders) config.otherHeaders = otherHeaders;
  if (a.origin !== undefined) config.origin = checkOrigin(a.origin);
  if (a['forwarded-header'] !== undefined) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(a['forwarded-header'])) throw new UserError(`--forwarded-header must be a header name such as X-Forwarded-For, got ${JSON.stringify(a['forwarded-header'])}`);
    config.forwardedHeader = a['forwarded-header'];
  }
  if (strategies.includes('identity') && !otherHeaders && !config.forwardedHeader && config.scope !== 'ip') {
    throw new UserError('--strategy identity with --scope user/global needs a second identity: --other-bearer TOKEN, --other-header "Name: value" or --forwarded-header NAME');
  }
  if (strategies.includes('browser') && !config.origin) throw new UserError('--strategy browser needs --origin, e.g. --origin https://app.example.com');
  if (a.redis === undefined) {
    if (a['redis-match'].length > 0 || a['redis-library'] !== undefined || a['redis-watch']) throw new UserError('--redis-match, --redis-library and --redis-watch need --redis URL');
    return { config };
  }
  parseRedisUrl(a.redis, '--redis');
  const redis: ProbeRedis = { url: a.redis, watch: a['redis-watch'] };
  if (a['redis-match'].length > 0) redis.match = a['redis-match'].map(String);
  if (a['redis-library'] !== undefined) redis.library = a['redis-library'];
  return { config, redis };
}

async function handler(argv: ArgumentsCamelCase<ProbeArgs>): Promise<void> {
  const { config, redis } = probeConfigFromArgs(argv);
  config.onStatus = (line) => process.stderr.write(`limitprobe probe: ${line}\n`);
  const report = await runProbe(config, redis);
  process.stdout.write(argv.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderProbe(report)}\n`);
  process.exitCode = EXIT_OF[report.verdict];
}

export const probeCommand: CommandModule<object, ProbeArgs> = {
  command: 'probe <url>',
  describe: 'Probe a declared rate limit: PASS / FAIL / INCONCLUSIVE with findings and a timeline',
  builder,
  handler,
};
