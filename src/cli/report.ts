import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { EXIT } from '../exit-codes.js';
import { UserError } from '../errors.js';
import { loadResult } from '../report/load-result.js';
import { REPORT_FORMATS, reportersFor, writeReportFile } from '../report/reporter.js';

interface ReportArgs {
  result: string[];
  format: string[];
  out?: string;
}

/** Re-renders saved JSON results as HTML, JUnit or Markdown, without running anything. */
export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <result..>',
  describe: 'Render saved JSON results as an HTML report, JUnit XML or a Markdown summary',
  builder: (y: Argv) =>
    y
      .positional('result', { type: 'string', array: true, demandOption: true, describe: 'JSON result file(s) written by "limitprobe run"' })
      .option('format', { alias: 'f', type: 'string', array: true, default: ['html'], describe: `Output format(s): ${REPORT_FORMATS.join(', ')} (repeat or comma-separate)` })
      .option('out', { alias: 'o', type: 'string', describe: 'Output file (one format) or base path without extension (several formats); default: next to the first result, same base name' })
      .example('$0 report reports/prelaunch-20240501T100000Z.json', 'Write reports/prelaunch-20240501T100000Z.html')
      .example('$0 report last.json tonight.json --format html --out nightly.html', 'One HTML report with both runs, latency curves overlaid')
      .example('$0 report run.json --format junit,md', 'Write run.xml and run.md (md is also appended to $GITHUB_STEP_SUMMARY when set)')
      .epilogue('Exit codes: 0 the report was written, 2 a file is missing, not JSON or not a limitprobe result. The run\'s own verdict does not change this exit code.') as unknown as Argv<ReportArgs>,
  handler: async (args: ArgumentsCamelCase<ReportArgs>) => {
    const reporters = reportersFor(args.format.map(String), '--format');
    if (!reporters.length) throw new UserError(`--format: name at least one of ${REPORT_FORMATS.join(', ')}`);
    const files = args.result.map(String);
    const results = [];
    for (const f of files) results.push(await loadResult(f));
    const base = files[0].replace(/\.json$/i, '');
    const written: string[] = [];
    for (const r of reporters) {
      const path = outPath(args.out, r.extension, reporters.length, base);
      await writeReportFile(r, results, path);
      written.push(path);
    }
    process.stdout.write(`${written.map((p) => `Wrote ${p}`).join('\n')}\n`);
    process.exitCode = EXIT.ok;
  },
};

/** `--out x.html` is the file itself for one format; with several it is a base path (`--out nightly` → nightly.xml, nightly.md). */
function outPath(out: string | undefined, ext: string, formats: number, base: string): string {
  if (out === undefined) return `${base}.${ext}`;
  if (formats === 1) return out;
  return `${out.replace(new RegExp(`\\.${ext}$`), '')}.${ext}`;
}
