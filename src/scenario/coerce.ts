import { formatPath, type Segment } from './path.js';

type SchemaNode = Record<string, unknown>;

/**
 * Brings scalar values to the type the schema expects, where that is unambiguous:
 * - a string produced by `${VAR}` interpolation that reads as a number/boolean becomes one where the
 *   schema wants a number/integer/boolean and not a string (`limit: ${LIMIT}`);
 * - a number or boolean becomes a string where the schema wants only a string (`X-Version: 2`).
 * Strings written literally in the file are never turned into numbers: `limit: "25"` stays an error.
 */
export function coerceTree(tree: unknown, root: SchemaNode, substituted: ReadonlyMap<string, string>): unknown {
  const walk = (node: unknown, at: Segment[]): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...at, i]));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = walk(v, [...at, k]);
      return out;
    }
    if (typeof node === 'string' && substituted.has(formatPath(at))) return fromString(node, typesAt(root, at));
    if (typeof node === 'number' || typeof node === 'boolean') {
      const types = typesAt(root, at);
      if (types.size === 1 && types.has('string')) return String(node);
    }
    return node;
  };
  return walk(tree, []);
}

function fromString(text: string, types: Set<string>): unknown {
  if (types.has('string') || types.has('any')) return text;
  if ((types.has('number') || types.has('integer')) && /^\s*-?\d+(\.\d+)?\s*$/.test(text)) return Number(text);
  if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** The JSON types the schema allows at a data path ("any" when some branch does not say). */
export function typesAt(root: SchemaNode, at: readonly Segment[]): Set<string> {
  let candidates = expand(root, root);
  for (const seg of at) {
    const next: SchemaNode[] = [];
    for (const c of candidates) {
      const child = childSchema(c, seg);
      if (child) next.push(...expand(child, root));
    }
    candidates = next;
    if (candidates.length === 0) return new Set(['any']);
  }
  const types = new Set<string>();
  for (const c of candidates) {
    if (typeof c.type === 'string') types.add(c.type);
    else if (Array.isArray(c.type)) for (const t of c.type) types.add(String(t));
    else if (c.const === undefined && !hasBranches(c)) types.add('any');
  }
  return types;
}

function hasBranches(s: SchemaNode): boolean {
  return Array.isArray(s.oneOf) || Array.isArray(s.anyOf) || Array.isArray(s.allOf) || typeof s.$ref === 'string';
}

function childSchema(s: SchemaNode, seg: Segment): SchemaNode | undefined {
  if (typeof seg === 'number') return isSchema(s.items) ? s.items : undefined;
  const props = s.properties as Record<string, unknown> | undefined;
  if (props && isSchema(props[seg])) return props[seg] as SchemaNode;
  return isSchema(s.additionalProperties) ? s.additionalProperties : undefined;
}

/** The schema itself plus everything it pulls in through $ref / oneOf / anyOf / allOf. */
function expand(s: SchemaNode, root: SchemaNode, depth = 0): SchemaNode[] {
  if (depth > 20) return [s];
  const out: SchemaNode[] = [s];
  if (typeof s.$ref === 'string') {
    const target = resolveRef(root, s.$ref);
    if (target) out.push(...expand(target, root, depth + 1));
  }
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches)) for (const b of branches) if (isSchema(b)) out.push(...expand(b, root, depth + 1));
  }
  return out;
}

function resolveRef(root: SchemaNode, ref: string): SchemaNode | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = isSchema(node) ? node[part] : undefined;
  return isSchema(node) ? node : undefined;
}

function isSchema(v: unknown): v is SchemaNode {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
