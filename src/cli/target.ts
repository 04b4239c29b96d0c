import type { Argv, CommandModule } from 'yargs';
import { EXIT } from '../exit-codes.js';
import { parseDuration, formatDuration } from '../scenario/duration.js';
import {
  ALGORITHMS, FAULTS, FAULT_INFO, HEADER_DIALECTS, redactUrl, startTarget,
  type Algorithm, type FaultName, type HeaderDialect, type OptionLabels, type RunningTarget,
} from '../target/index.js';

interface TargetArgs {
  port: number;
  host: string;
  redis?: string;
  'key-prefix': string;
  'cors-origin': string;
  'public-limit': number;
  'user-limit': number;
  window: string;
  algorithm: string;
  headers: string;
  'trust-proxy': boolean;
  'jwt-secret'?: string;
  fault: string[];
  latency: string;
  quiet: boolean;
}

/** Errors from option validation name the flag the user typed. */
const FLAG_LABELS: OptionLabels = {
  port: '--port',
  host: '--host',
  redis: '--redis',
  keyPrefix: '--key-prefix',
  corsOrigin: '--cors-origin',
  publicLimit: '--public-limit',
  userLimit: '--user-limit',
  windowMs: '--window',
  algorithm: '--algorithm',
  headers: '--headers',
  trustProxy: '--trust-proxy',
  jwtSecret: '--jwt-secret',
  latencyMs: '--latency',
  faults: '--fault',
  quiet: '--quiet',
};

function builder(y: Argv): Argv<TargetArgs> {
  return y
    .option('port', { type: 'number', default: 8080, describe: 'Port to listen on (0 = a free port)' })
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'Loopback address to bind: 127.0.0.1, ::1 or localhost' })
    .option('redis', { type: 'string', describe: 'redis:// URL: keep limiter state in Redis (default: in memory)' })
    .option('key-prefix', { type: 'string', default: 'limitprobe:rl:', describe: 'Redis key prefix' })
    .option('cors-origin', { type: 'string', default: 'http://localhost:3000', describe: 'The one origin CORS allows' })
    .option('public-limit', { type: 'number', default: 20, describe: 'Requests per window per client IP on public routes' })
    .option('user-limit', { type: 'number', default: 100, describe: 'Requests per window per user on authenticated routes' })
    .option('window', { type: 'string', default: '60s', describe: 'Rate-limit window: 500ms, 30s, 1m...' })
    .option('algorithm', { type: 'string', default: 'sliding', choices: [...ALGORITHMS], describe: 'sliding log or epoch-aligned fixed window' })
    .option('headers', { type: 'string', default: 'draft6', choices: [...HEADER_DIALECTS], describe: 'Rate-limit header dialect (draft6 also sends X-RateLimit-*)' })
    .option('trust-proxy', { type: 'boolean', default: false, describe: 'Take the client IP from the first X-Forwarded-For value' })
    .option('jwt-secret', { type: 'string', describe: 'HS256 secret for tokens (default: random per start; never printed)' })
    .option('fault', {
      type: 'string', array: true, default: [] as string[],
      describe: `Inject a limiter defect (repeatable): ${FAULTS.join(', ')}`,
    })
    .option('latency', { type: 'string', default: '0', describe: 'Artificial delay on /api routes: 50ms, 0.2s...' })
    .option('quiet', { type: 'boolean', default: false, describe: 'No log lines on stderr (the start line is still printed)' })
    .example('$0 target', 'Demo API on http://127.0.0.1:8080, in-memory limiter, 20/min public, 100/min per user')
    .example('$0 target --port 0 --redis redis://127.0.0.1:6379 --window 10s', 'Redis-backed limiter, 10-second window, free port')
    .example('$0 target --fault race --fault no-cors-on-429', 'Serve with two deliberate limiter defects')
    .example('$0 target --headers draft8 --algorithm fixed', 'Fixed window, IETF draft-8 RateLimit/RateLimit-Policy headers')
    .epilogue(`Faults:\n${FAULTS.map((f) => `  ${f.padEnd(22)} ${FAULT_INFO[f]}`).join('\n')}\n\nStops cleanly on SIGINT/SIGTERM.`) as unknown as Argv<TargetArgs>;
}

/** The one start line: where, which store, limits and faults (never the JWT secret or a Redis password). */
export function describeTarget(t: RunningTarget): string {
  const o = t.options;
  const store = o.redis === undefined ? 'memory' : `redis ${redactUrl(o.redis)} prefix=${o.keyPrefix}`;
  const w = formatDuration(o.windowMs);
  return [
    `limitprobe target listening on ${t.url}`,
    `store=${store}`,
    `public=${o.publicLimit}/${w}`,
    `user=${o.userLimit}/${w}`,
    `algorithm=${o.algorithm}`,
    `headers=${o.headers}`,
    `faults=${o.faults.length ? o.faults.join(',') : 'none'}`,
  ].join('  ');
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

async function handler(args: TargetArgs): Promise<void> {
  const target = await startTarget({
    port: args.port,
    host: args.host,
    redis: args.redis,
    keyPrefix: args['key-prefix'],
    corsOrigin: args['cors-origin'],
    publicLimit: args['public-limit'],
    userLimit: args['user-limit'],
    windowMs: parseDuration(args.window, '--window'),
    algorithm: args.algorithm as Algorithm,
    headers: args.headers as HeaderDialect,
    trustProxy: args['trust-proxy'],
    jwtSecret: args['jwt-secret'],
    latencyMs: Math.round(parseDuration(args.latency, '--latency')),
    faults: args.fault.map(String) as FaultName[],
    quiet: args.quiet,
  }, FLAG_LABELS);
  process.stdout.write(`${describeTarget(target)}\n`);
  const sig = await untilSignal();
  if (!args.quiet) process.stderr.write(`limitprobe target: ${sig}, closing\n`);
  await target.close();
  process.exitCode = EXIT.ok;
}

export const targetCommand: CommandModule<object, TargetArgs> = {
  command: 'target',
  describe: 'Serve the embedded reference API (JWT auth, rate limiter, optional faults) on loopback',
  builder,
  handler,
};
