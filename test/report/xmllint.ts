import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The JUnit schema kept with the tests (source tree, not dist: the build does not copy .xsd files). */
export const JUNIT_XSD = join(process.cwd(), 'test', 'report', 'fixtures', 'junit.xsd');

/** Validates with libxml2's xmllint; returns its complaint, or null when the file is valid. */
export function xmllintSchemaErrors(file: string): string | null {
  const r = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint is not installed (apt-get install libxml2-utils): ${r.error.message}`);
  return r.status === 0 ? null : r.stderr;
}

/** Evaluates an XPath expression with xmllint (e.g. count(//testcase[failure])). */
export function xpath(file: string, expr: string): string {
  return execFileSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8' }).trim();
}
