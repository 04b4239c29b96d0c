import { readFile } from 'node:fs/promises';
import { RESULT_SCHEMA_VERSION, type RunResult } from '../model/result.js';
import { UserError } from '../errors.js';
import { decodeHistogram } from '../metrics/histogram.js';

/**
 * Reads a saved JSON result (`reports/<scenario>-<time>.json`). Every way it can be wrong is a
 * one-line error naming the file: missing, unreadable, not JSON, not a limitprobe result, or
 * written by an incompatible schema version.
 */
export async function loadResult(file: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}: no such file; give the path of a JSON result written by "limitprobe run" (reports/<scenario>-<time>.json)`);
    if (code === 'EISDIR') throw new UserError(`${file}: is a directory; give the path of a JSON result file`);
    throw new UserError(`${file}: cannot be read (${code ?? String(e)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)}); give a JSON result written by "limitprobe run"`);
  }
  return checkResult(data, file);
}

/** Structural check of the fields the reporters rely on; names the first missing one. */
export function checkResult(data: unknown, file: string): RunResult {
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new UserError(`${file}: not a limitprobe result (expected a JSON object with schemaVersion, scenario and phases)`);
  const d = data as Record<string, unknown>;
  if (!('schemaVersion' in d)) throw new UserError(`${file}: not a limitprobe result (no "schemaVersion"); give a JSON result written by "limitprobe run"`);
  if (d.schemaVersion !== RESULT_SCHEMA_VERSION) {
    throw new UserError(`${file}: result schemaVersion ${JSON.stringify(d.schemaVersion)} is not supported by this limitprobe (reads schemaVersion ${RESULT_SCHEMA_VERSION}); re-run the scenario or use a matching limitprobe version`);
  }
  const scenario = d.scenario as Record<string, unknown> | undefined;
  if (!scenario || typeof scenario.name !== 'string') throw new UserError(`${file}: not a limitprobe result ("scenario.name" is missing)`);
  if (!Array.isArray(d.phases)) throw new UserError(`${file}: not a limitprobe result ("phases" is not a list)`);
  d.phases.forEach((p: unknown, i: number) => {
    const ph = p as Record<string, unknown> | null;
    const where = `${file}: phases[${i}]`;
    if (!ph || typeof ph !== 'object') throw new UserError(`${where} is not an object`);
    for (const key of ['name', 'verdict'] as const) if (typeof ph[key] !== 'string') throw new UserError(`${where}.${key} is missing or not text`);
    for (const key of ['requests', 'checks', 'thresholds', 'series'] as const) if (!Array.isArray(ph[key])) throw new UserError(`${where}.${key} is missing or not a list`);
    if (!ph.totals || typeof ph.totals !== 'object') throw new UserError(`${where}.totals is missing`);
    (ph.requests as Array<Record<string, unknown>>).forEach((r, j) => {
      const rw = `${where}.requests[${j}]`;
      if (!r || typeof r.name !== 'string' || !Array.isArray(r.histograms)) throw new UserError(`${rw} needs a "name" and a "histograms" list`);
      (r.histograms as Array<Record<string, unknown>>).forEach((h, k) => {
        try {
          if (typeof h?.hdr !== 'string') throw new Error('not text');
          decodeHistogram(h.hdr);
        } catch {
          throw new UserError(`${rw}.histograms[${k}].hdr is not an encoded HDR histogram (compressed base64); the file is damaged`);
        }
      });
    });
  });
  return data as RunResult;
}
