import type { Segment } from './path.js';
import { isSecretPath } from './secret-paths.js';

export const REDACTED = '[redacted]';

/** A copy of the scenario with every credential replaced, for results and logs. */
export function redactScenario(tree: unknown): unknown {
  const walk = (node: unknown, at: Segment[]): unknown => {
    if (isSecretPath(at) && node !== undefined) return REDACTED;
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...at, i]));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = walk(v, [...at, k]);
      return out;
    }
    return node;
  };
  return walk(tree, []);
}

/** Header values with credentials replaced (for probe configs and check evidence). */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = isSecretPath(['headers', k]) ? REDACTED : v;
  return out;
}
