import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
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
 * Makes sure the result can be written before any traffic is sent (a bad --out must not cost a whole
 * run), and keeps a default path from overwriting an earlier run started in the same second:
 * reports/x-<stamp>.json, then reports/x-<stamp>-2.json... An explicit --out is the user's to overwrite.
 */
export async function prepareResultPath(path: string, explicit: boolean): Promise<string> {
  let chosen = path;
  try {
    await mkdir(dirname(chosen), { recursive: true });
    if (explicit) {
      const probe = `${chosen}.${process.pid}.tmp`;
      await writeFile(probe, '');
      await unlink(probe);
      return chosen;
    }
    // Claimed with an exclusive create, so two runs started together never pick the same name.
    for (let n = 2; ; n++) {
      try {
        await writeFile(chosen, '', { flag: 'wx' });
        return chosen;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        chosen = path.replace(/\.json$/i, `-${n}.json`);
      }
    }
  } catch (e) {
    throw new UserError(`--out ${chosen}: cannot write the result there: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; choose a writable path`);
  }
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
