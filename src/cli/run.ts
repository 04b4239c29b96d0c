import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { loadScenario } from '../scenario/load.js';
import { parseThresholdFlags } from '../thresholds/index.js';
import { runScenario } from '../run/run-scenario.js';
import { defaultResultPath, prepareResultPath, writeResult } from '../run/result-file.js';
import { UserError } from '../errors.js';
import { Progress } from '../report/progress.js';
import { renderConsole } from '../report/console.js';
import { runVerdictLine } from '../report/verdict-text.js';
import { reportersFor, writeReports } from '../report/reporter.js';
import { onInterrupt } from './interrupt.js';
import type { RunResult } from '../model/result.js';

interface RunArgs {
  scenario: string;
  target?: string;
  out?: string;
  json: boolean;
  quiet: boolean;
  threshold: string[];
  report?: string;
  phase?: string[];
}

function builder(y: Argv): Argv<RunArgs> {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file (.yaml, .yml or .json)' })
    .option('target', { type: 'string', describe: 'Base URL to test instead of the scenario\'s target ("embedded" for the built-in API)' })
    .option('out', { type: 'string', describe: 'Where to write the JSON result (default reports/<scenario>-<UTC timestamp>.json)' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the JSON result to stdout instead of tables' })
    .option('quiet', { type: 'boolean', default: false, describe: 'Print only the verdict line (and errors)' })
    .option('threshold', { type: 'string', array: true, default: [] as string[], describe: 'Extra threshold for every load phase, "metric: expression" (repeatable)' })
    .option('report', { type: 'string', describe: 'Also write reports next to the JSON result: junit, md, html (comma-separated)' })
    .option('phase', { type: 'string', array: true, describe: 'Run only the named phase(s) (repeatable)' })
    .example('$0 run scenarios/prelaunch.yaml', 'Every pre-launch check against the embedded demo API')
    .example('TARGET_URL=http://127.0.0.1:8080 $0 run scenarios/health-burst.yaml', 'The health burst against your own server')
    .example('$0 run scenarios/auth-flood.yaml --threshold "latency: p(99)<250ms" --report junit,html', 'Nightly job: extra threshold, JUnit and HTML')
    .epilogue('Exit codes: 0 all passed, 1 a check/threshold/verdict failed, 2 usage or scenario error, 3 a verdict was inconclusive (also: interrupted).') as unknown as Argv<RunArgs>;
}

async function handler(args: ArgumentsCamelCase<RunArgs>): Promise<void> {
  const { file, scenario } = await loadScenario(args.scenario);
  const extraThresholds = parseThresholdFlags(args.threshold.map(String));
  const formats = args.report ? args.report.split(',').map((f) => f.trim()).filter(Boolean) : [];
  reportersFor(formats); // a typo in --report fails now, not after the whole run
  if (args.phase) {
    const known = scenario.phases.map((p) => p.name);
    const unknown = args.phase.filter((p) => !known.includes(p));
    if (unknown.length) throw new UserError(`--phase ${unknown.map((u) => JSON.stringify(u)).join(', ')}: no such phase in ${file}; phases: ${known.join(', ')}`);
  }
  if (args.target !== undefined && args.target !== 'embedded' && !/^https?:\/\/\S+$/.test(args.target)) {
    throw new UserError(`--target ${JSON.stringify(args.target)}: must be an http:// or https:// base URL, or "embedded"`);
  }
  const outPath = await prepareResultPath(args.out ?? defaultResultPath(scenario.name, new Date()), args.out !== undefined);
  const progress = new Progress({ tty: Boolean(process.stderr.isTTY), quiet: args.quiet || args.json, stream: process.stderr });
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    process.stderr.write('\nlimitprobe: interrupted, writing what was measured…\n');
    controller.abort();
  });
  let result: RunResult;
  try {
    result = await runScenario(scenario, {
      file,
      target: args.target,
      extraThresholds,
      phases: args.phase,
      hooks: {
        signal: controller.signal,
        phaseStart: (name, totalMs, totalRequests) => progress.phaseStart(name, totalMs, totalRequests),
        progress: (s) => progress.update(s),
        phaseEnd: () => progress.phaseEnd(),
      },
      // After every phase, so a crash or a kill later still leaves what was measured on disk.
      onPhaseDone: (partial) => writeResult(outPath, partial),
    });
  } finally {
    stopListening();
  }
  await writeResult(outPath, result);
  const written = formats.length ? await writeReports([result], formats, outPath.replace(/\.json$/i, '')) : [];
  if (args.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else if (args.quiet) process.stdout.write(`${runVerdictLine(result, { reasons: true })} · ${outPath}\n`);
  else {
    process.stdout.write(renderConsole(result, { color: useColor() }) + '\n');
    process.stdout.write(`Result: ${outPath}${written.length ? `\nReports: ${written.join(', ')}` : ''}\n`);
  }
  if (result.error) process.stderr.write(`limitprobe: ${result.error}\n`);
  process.exitCode = result.exitCode;
}

/** Color only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
function useColor(): boolean {
  return Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <scenario>',
  describe: 'Run a scenario file: load phases, checks and rate probes; tables, JSON result, exit code',
  builder,
  handler,
};


