import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { EXIT } from '../exit-codes.js';
import { isUserError, UserError } from '../errors.js';
import { parseDuration } from '../scenario/duration.js';
import { DEFAULT_MAX_KEYS, inspectRedis, type InspectReport } from '../redis/inspect.js';
import { renderFindings, renderInspect } from '../redis/render.js';
import { checkPrefix, defaultPatterns, RECOGNISERS, selectRecognisers } from '../redis/recognisers/index.js';
import { parseRedisUrl } from '../redis/url.js';
import { watchCommands } from '../redis/forensics/watch.js';
import { inspectVerdict } from '../redis/verdict.js';
import type { ForensicsReport } from '../redis/forensics/classify.js';

interface InspectArgs {
  redis: string;
  match?: string[];
  library: string;
  prefix?: string;
  limit?: number;
  window?: string;
  maxKeys: number;
  json: boolean;
  cluster: boolean;
  watch?: string;
}

/** `limitprobe inspect`: read-only look at a rate limiter's Redis state (docs/inspect.md). */
export const inspectCommand: CommandModule<object, InspectArgs> = {
  command: 'inspect',
  describe: "Inspect a rate limiter's Redis keys: library, algorithm, counters, TTLs, leaks (read-only)",
  builder: (y: Argv) =>
    y
      .option('redis', { type: 'string', demandOption: true, describe: 'redis://[user:password@]host[:port][/db] or rediss:// (TLS)' })
      .option('match', { type: 'string', array: true, describe: 'SCAN MATCH glob for limiter keys (repeatable); default: every known library' })
      .option('library', { type: 'string', default: 'auto', describe: `auto or one of: ${RECOGNISERS.map((r) => r.id).join(', ')}` })
      .option('prefix', { type: 'string', describe: "with --library: the key prefix the app configured instead of the library's default, e.g. myapp:rl:" })
      .option('limit', { type: 'number', describe: 'the declared limit (requests per window), to check counters against' })
      .option('window', { type: 'string', describe: 'the declared window, e.g. 60s, to check TTLs and windows against' })
      .option('max-keys', { type: 'number', default: DEFAULT_MAX_KEYS, describe: 'stop scanning after this many keys' })
      .option('json', { type: 'boolean', default: false, describe: 'print the report as JSON' })
      .option('cluster', { type: 'boolean', default: false, describe: 'Redis Cluster: scan every master' })
      .option('watch', { type: 'string', describe: 'also MONITOR limiter commands for this long (e.g. 10s) before reading keys' }) as unknown as Argv<InspectArgs>,
  handler: async (argv: ArgumentsCamelCase<InspectArgs>) => {
    try {
      await runInspect(argv);
    } catch (e) {
      // One line for the user (host, port, what failed); the shared .fail() would add a --help hint,
      // which is no help for a refused connection.
      if (!isUserError(e)) throw e;
      process.stderr.write(`limitprobe: ${e.message}\n`);
      process.exitCode = e.exitCode;
    }
  },
};

async function runInspect(argv: InspectArgs): Promise<void> {
  const opts = validate(argv);
  let forensics: ForensicsReport | undefined;
  if (opts.watchMs !== undefined) {
    if (!argv.json) process.stderr.write(`Watching Redis commands for ${argv.watch} (MONITOR)…\n`);
    forensics = await watchCommands(argv.redis, opts.watchMs, () => new Promise((r) => setTimeout(r, opts.watchMs)), {
      cluster: argv.cluster,
      // A named library narrows MONITOR to its keys; auto keeps every key written meanwhile.
      match: argv.match ?? (argv.library !== 'auto' ? defaultPatterns(selectRecognisers(argv.library), argv.prefix) : undefined),
    });
  }
  const report = await inspectRedis({
    url: argv.redis,
    match: argv.match,
    library: argv.library,
    prefix: argv.prefix,
    declared: { limit: argv.limit, windowMs: opts.windowMs },
    maxKeys: argv.maxKeys,
    cluster: argv.cluster,
  });
  const judged: InspectReport = { ...report, ...inspectVerdict([...report.findings, ...(forensics?.findings ?? [])], report.keys.length, forensics?.requests) };
  if (argv.json) {
    process.stdout.write(JSON.stringify({ ...judged, forensics }, null, 2) + '\n');
  } else {
    if (forensics) process.stdout.write(renderForensics(forensics) + '\n');
    process.stdout.write(renderInspect(judged) + '\n');
  }
  process.exitCode = judged.verdict === 'fail' ? EXIT.failed : judged.verdict === 'inconclusive' ? EXIT.inconclusive : EXIT.ok;
}

function validate(argv: InspectArgs): { windowMs?: number; watchMs?: number } {
  parseRedisUrl(argv.redis, '--redis');
  checkPrefix(selectRecognisers(argv.library, '--library'), argv.prefix, '--prefix');
  if (argv.limit !== undefined && (!Number.isInteger(argv.limit) || argv.limit < 1)) {
    throw new UserError(`--limit: invalid value ${JSON.stringify(argv.limit)}; use a whole number of requests ≥ 1`);
  }
  if (!Number.isInteger(argv.maxKeys) || argv.maxKeys < 1) {
    throw new UserError(`--max-keys: invalid value ${JSON.stringify(argv.maxKeys)}; use a whole number ≥ 1`);
  }
  for (const m of argv.match ?? []) {
    if (typeof m !== 'string' || m.length === 0) throw new UserError('--match: empty pattern; use a glob such as "rl:*"');
  }
  const windowMs = argv.window !== undefined ? parseDuration(argv.window, '--window') : undefined;
  if (windowMs !== undefined && windowMs <= 0) throw new UserError(`--window: must be longer than 0, got ${JSON.stringify(argv.window)}`);
  const watchMs = argv.watch !== undefined ? parseDuration(argv.watch, '--watch') : undefined;
  if (watchMs !== undefined && (watchMs <= 0 || watchMs > 3_600_000)) {
    throw new UserError(`--watch: ${JSON.stringify(argv.watch)} out of range; use a duration between 1ms and 1h, e.g. 10s`);
  }
  return { windowMs, watchMs };
}

export function renderForensics(f: ForensicsReport): string {
  const lines = [
    `Forensics (MONITOR ${Math.round(f.durationMs / 1000)}s, ${f.lines} lines${f.truncated ? ', truncated' : ''}):`,
    `  requests seen ≈ ${f.requests}, limiter commands ${f.limiterCommands}, commands/request ${f.commandsPerRequest ?? '-'}`,
    `  atomic: ${f.atomic === null ? 'unknown (no limiter traffic)' : f.atomic ? 'yes' : 'NO'} (${f.mechanism}); algorithm: ${f.algorithm ?? 'unknown'}`,
  ];
  if (f.evidence.length > 0) lines.push('  evidence:', ...f.evidence.map((e) => `    ${e}`));
  lines.push(renderFindings(f.findings));
  return lines.join('\n');
}
