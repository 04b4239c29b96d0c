import type { Scenario } from '../model/scenario.js';
import { coerceTree } from './coerce.js';
import { interpolateTree } from './interpolate.js';
import { parseScenarioFile, locate, type ParsedFile } from './parse-file.js';
import { ScenarioError, type Problem } from './problems.js';
import { scenarioSchema } from './schema.js';
import { semanticProblems } from './semantics.js';
import { schemaProblems } from './validate-schema.js';

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

/**
 * File → validated Scenario: parse (YAML/JSON), interpolate `${VAR}`, coerce substituted scalars,
 * validate against the schema, then the rules the schema cannot express. Every problem of the file
 * is reported at once (with line numbers), so a user fixes them in one pass.
 */
export async function loadScenario(file: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadedScenario> {
  return validateParsed(await parseScenarioFile(file), env);
}

export function validateParsed(parsed: ParsedFile, env: NodeJS.ProcessEnv): LoadedScenario {
  const interpolated = interpolateTree(parsed.data, env);
  const data = coerceTree(interpolated.value, scenarioSchema as unknown as Record<string, unknown>, interpolated.substituted);
  // A variable that is not set is the one problem at its path ("must not be empty" would repeat it).
  const unset = new Set(interpolated.problems.map((p) => p.path));
  let problems: Problem[] = [...interpolated.problems, ...schemaProblems(data, interpolated.substituted).filter((p) => !unset.has(p.path))];
  if (problems.length === 0) problems = semanticProblems(data as Scenario);
  if (problems.length > 0) throw new ScenarioError(parsed.file, locate(parsed, problems));
  return { file: parsed.file, scenario: data as Scenario };
}
