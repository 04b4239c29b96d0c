import { formatPath, type Segment } from './path.js';
import { problem, type Problem } from './problems.js';

/**
 * `${VAR}` and `${VAR:-default}` interpolation over a parsed scenario tree (string values only, never
 * keys). Working on the tree rather than the text means a value can never break the YAML/JSON
 * syntax, and every problem can name the path where the variable was used.
 *
 * Rules (shell-like): `${VAR:-x}` uses x when VAR is unset or empty; `$${` is a literal `${`;
 * `${i}` is reserved for the 1-based user number inside `auth.<name>.pool` and left as is there.
 */
export interface Interpolated {
  value: unknown;
  problems: Problem[];
  /** Formatted path → original text, for every string that had a variable substituted. */
  substituted: Map<string, string>;
}

const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(:-([\s\S]*))?$/;
export const POOL_USER_VAR = 'i';

export function interpolateTree(tree: unknown, env: NodeJS.ProcessEnv): Interpolated {
  const problems: Problem[] = [];
  const substituted = new Map<string, string>();
  const walk = (node: unknown, at: Segment[]): unknown => {
    if (typeof node === 'string') {
      const r = interpolateString(node, env, isInPool(at));
      for (const message of r.problems) problems.push(problem(at, message));
      if (r.substituted) substituted.set(formatPath(at), node);
      return r.value;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...at, i]));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = walk(v, [...at, k]);
      return out;
    }
    return node;
  };
  const value = walk(tree, []);
  return { value, problems, substituted };
}

function isInPool(at: readonly Segment[]): boolean {
  return at[0] === 'auth' && at[2] === 'pool';
}

export interface StringResult {
  value: string;
  problems: string[];
  substituted: boolean;
}

/** Interpolates one string; problems are messages without the path (the caller adds it). */
export function interpolateString(text: string, env: NodeJS.ProcessEnv, inPool = false): StringResult {
  const problems: string[] = [];
  let out = '';
  let substituted = false;
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      out += '${';
      i += 3;
      continue;
    }
    if (!text.startsWith('${', i)) {
      out += text[i++];
      continue;
    }
    const end = text.indexOf('}', i + 2);
    if (end < 0) {
      problems.push(`unterminated "\${" in ${JSON.stringify(text)}; close it with "}" or write "$\${" for a literal "\${"`);
      out += text.slice(i);
      break;
    }
    const inner = text.slice(i + 2, end);
    const ref = REFERENCE.exec(inner);
    i = end + 1;
    if (!ref) {
      problems.push(`invalid variable reference "\${${inner}}"; use \${NAME} or \${NAME:-default} (NAME: letters, digits, _)`);
      continue;
    }
    const [, name, hasDefault, fallback] = ref;
    if (fallback?.includes('${')) {
      problems.push(`nested reference in "\${${inner}}" is not supported; the default must be plain text`);
      continue;
    }
    if (name === POOL_USER_VAR) {
      if (inPool) out += '${i}';
      else problems.push('"${i}" (the pool user number) is only available inside auth.<name>.pool; write "$${i}" for a literal');
      continue;
    }
    const value = env[name];
    if (value !== undefined && !(hasDefault && value === '')) out += value;
    else if (hasDefault) out += fallback;
    else {
      problems.push(`environment variable ${name} is not set; set it or write \${${name}:-default}`);
      continue;
    }
    substituted = true;
  }
  return { value: out, problems, substituted };
}
