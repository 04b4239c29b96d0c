import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioSchema } from './schema.js';

/**
 * Writes schema/scenario.schema.json from the schema object, so editors (yaml-language-server's
 * `# yaml-language-server: $schema=...`, VS Code's json.schemas) autocomplete scenario files.
 * Run by `npm run build`; a test checks the committed file matches.
 */
export function schemaJson(): string {
  return JSON.stringify(scenarioSchema, null, 2) + '\n';
}

const here = dirname(fileURLToPath(import.meta.url));
export const SCHEMA_PATH = join(here, '..', '..', '..', 'schema', 'scenario.schema.json');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(dirname(SCHEMA_PATH), { recursive: true });
  writeFileSync(SCHEMA_PATH, schemaJson());
}
