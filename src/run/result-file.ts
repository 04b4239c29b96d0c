import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunResult } from '../model/result.js';
import { UserError } from '../errors.js';

/** reports/<scenario>-<UTC timestamp>.json, e.g. reports/prelaunch-20261204T051200Z.json. */
export function defaultResultPath(scenarioName: string, startedAt: Date, dir = 'reports'): string {
  const slug = scenarioName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario';
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return join(dir, `${slug}-${stamp}.json`);
}

/**
 * Writes the result atomically (temporary file, then rename), so a run killed while writing never
 * leaves a truncated JSON that `report` or `compare` would choke on.
 */
export async function writeResult(path: string, result: RunResult): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(result, null, 2) + '\n');
    await rename(tmp, path);
  } catch (e) {
    throw new UserError(`--out ${path}: cannot write the result: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; choose a writable path`);
  }
}
