import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { loadResult } from '../report/load-result.js';
import { compareRuns } from '../report/compare-results.js';
import { renderComparison } from '../report/compare-render.js';
import { DEFAULT_MAX_REGRESSION, parseMaxRegression } from '../report/regression-bounds.js';
import { colorFor } from '../report/color.js';

interface CompareArgs {
  baseline: string;
  current: string;
  maxRegression: string;
}

/** Baseline vs current run of one scenario: side-by-side figures, regressions marked, exit 1 on any. */
export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <baseline> <current>',
  describe: 'Compare two JSON results of the same scenario and fail on regressions',
  builder: (y: Argv) =>
    y
      .positional('baseline', { type: 'string', demandOption: true, describe: 'JSON result of the reference run' })
      .positional('current', { type: 'string', demandOption: true, describe: 'JSON result of the run to judge' })
      .option('max-regression', {
        type: 'string',
        default: DEFAULT_MAX_REGRESSION,
        describe: 'Bounds: latency p50,p90,p95,p99,p999,max,mean as +N% or Nms; rps as -N% (allowed drop); errors as N% points',
      })
      .example('$0 compare reports/last.json reports/tonight.json', `Bounds ${DEFAULT_MAX_REGRESSION}`)
      .example('$0 compare a.json b.json --max-regression p99=20%,p999=5ms,errors=0.5%', 'Custom bounds')
      .epilogue('Exit codes: 0 within bounds, 1 a bound was crossed, 2 usage error (missing or bad file, different scenarios or schema versions), 3 no bounded value could be compared (too few samples).') as unknown as Argv<CompareArgs>,
  handler: async (args: ArgumentsCamelCase<CompareArgs>) => {
    const bounds = parseMaxRegression(String(args.maxRegression));
    const files = { baseline: String(args.baseline), current: String(args.current) };
    const baseline = await loadResult(files.baseline);
    const current = await loadResult(files.current);
    const cmp = compareRuns(baseline, current, bounds, files);
    process.stdout.write(renderComparison(cmp, bounds, files, { color: colorFor(process.stdout) }));
    process.exitCode = cmp.exitCode;
  },
};
