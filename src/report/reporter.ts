import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunResult } from '../model/result.js';
import { UserError } from '../errors.js';
import type { Reporter, ReportFormat } from './reporter-types.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { htmlReporter } from './html.js';

export type { Reporter, ReportFormat } from './reporter-types.js';

const REPORTERS: Record<ReportFormat, Reporter> = { junit: junitReporter, md: markdownReporter, html: htmlReporter };
export const REPORT_FORMATS = Object.keys(REPORTERS) as ReportFormat[];

/**
 * Resolves format names (`--report junit,md,html`, also comma-joined inside one value). `flag`
 * names the option in the error: `--report` on run, `--format` on the report command.
 */
export function reportersFor(formats: readonly string[], flag = '--report'): Reporter[] {
  const names = formats.flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
  const seen = new Set<string>();
  const out: Reporter[] = [];
  for (const n of names) {
    const key = n.toLowerCase();
    if (!(key in REPORTERS)) {
      throw new UserError(`${flag} ${JSON.stringify(n)}: unknown report format; valid formats: ${REPORT_FORMATS.join(', ')}`);
    }
    if (!seen.has(key)) out.push(REPORTERS[key as ReportFormat]);
    seen.add(key);
  }
  return out;
}

/**
 * Writes `<basePath>.<ext>` for each format (basePath is the JSON result path without `.json`)
 * and returns the paths written. The Markdown summary is also appended to $GITHUB_STEP_SUMMARY
 * when that is set, so a GitHub Actions job shows the tables on its summary page.
 */
export async function writeReports(results: RunResult[], formats: string[], basePath: string): Promise<string[]> {
  const reporters = reportersFor(formats);
  const paths: string[] = [];
  for (const r of reporters) {
    const path = `${basePath}.${r.extension}`;
    await writeReportFile(r, results, path);
    paths.push(path);
  }
  return paths;
}

/** Renders one reporter into `path` (creating its folder), appending Markdown to the step summary. */
export async function writeReportFile(reporter: Reporter, results: RunResult[], path: string): Promise<void> {
  const text = reporter.render(results);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  } catch (e) {
    throw new UserError(`cannot write the ${reporter.format} report to ${path}: ${errorCode(e)}; choose a writable path`);
  }
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (reporter.format === 'md' && summary) {
    try {
      await appendFile(summary, `${text}\n`);
    } catch (e) {
      throw new UserError(`cannot append the Markdown summary to GITHUB_STEP_SUMMARY=${summary}: ${errorCode(e)}`);
    }
  }
}

function errorCode(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ?? err?.message ?? String(e);
}
