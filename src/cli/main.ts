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
    .fail((msg, err) => {
      // Errors thrown by a handler (UserError with its own exit code, or a bug) go to the catch below;
      // only yargs' own usage messages end here.
      if (err) throw err;
      process.stderr.write(`limitprobe: ${msg}\nRun 'limitprobe --help' for usage.\n`);
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
