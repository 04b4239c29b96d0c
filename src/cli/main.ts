import yargs from 'yargs';
import { EXIT } from '../exit-codes.js';
import { isUserError } from '../errors.js';
import { runCommand } from './run.js';
import { validateCommand } from './validate.js';
import { targetCommand } from './target.js';
import { probeCommand } from './probe.js';
import { inspectCommand } from './inspect.js';
import { reportCommand } from './report.js';
import { compareCommand } from './compare.js';
import { closest } from '../scenario/validate-schema.js';

const KNOWN_COMMANDS = ['run', 'validate', 'probe', 'inspect', 'report', 'compare', 'target'];

/** " (did you mean --threshold?)" for yargs' "Unknown argument: thresold". */
function flagHint(msg: string | undefined, known: readonly string[]): string {
  const m = /^Unknown arguments?: (.+)$/.exec(msg ?? '');
  if (!m) return '';
  const flags = known.filter((k) => k.length > 1 && !k.includes('_'));
  const hints = m[1].split(', ').map((bad) => [bad, closest(bad, flags)] as const).filter(([, h]) => h);
  if (hints.length === 1) return ` (did you mean --${hints[0][1]}?)`;
  return hints.length ? ` (did you mean ${hints.map(([b, h]) => `--${h} for --${b}`).join(', ')}?)` : '';
}

/**
 * Wires the commands together; owns no logic. Each command's handler sets `process.exitCode`
 * (see src/exit-codes.ts); a UserError anywhere ends in one line on stderr, never a stack trace.
 */
export async function main(argv: string[]): Promise<void> {
  const cli = yargs(argv)
    .scriptName('limitprobe')
    .usage('$0 <command> [options]\n\nLoad and rate-limit probe: scenario files, HDR latency percentiles, PASS/FAIL/INCONCLUSIVE rate-limit verdicts.')
    .command(runCommand)
    .command(validateCommand)
    .command(probeCommand)
    .command(inspectCommand)
    .command(reportCommand)
    .command(compareCommand)
    .command(targetCommand)
    .demandCommand(1, 'Name a command: run, validate, probe, inspect, report, compare or target (see --help).')
    .strict()
    .recommendCommands()
    .epilogue('Exit codes: 0 all passed, 1 a check/threshold/verdict failed, 2 usage or scenario error, 3 a verdict was inconclusive.')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err, y) => {
      // Errors thrown by a handler (UserError with its own exit code, or a bug) go to the catch below;
      // only yargs' own usage messages end here.
      if (err) throw err;
      // The third argument is yargs' usage object; its descriptions are keyed by the command's flags.
      const known = Object.keys((y as unknown as { getDescriptions?: () => Record<string, unknown> }).getDescriptions?.() ?? {});
      const command = argv.find((a) => !a.startsWith('-'));
      const help = command && KNOWN_COMMANDS.includes(command) ? `limitprobe ${command} --help` : 'limitprobe --help';
      process.stderr.write(`limitprobe: ${msg}${flagHint(msg, known)}\nRun '${help}' for usage.\n`);
      process.exit(EXIT.usage);
    });
  try {
    await cli.parseAsync();
  } catch (e) {
    if (isUserError(e)) {
      process.stderr.write(`limitprobe: ${e.message}\n`);
      process.exitCode = e.exitCode;
      return;
    }
    process.stderr.write(`limitprobe: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = EXIT.usage;
  }
}
