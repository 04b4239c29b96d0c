/**
 * Dot paths into JSON values: `services.database_session`, `items[0].id`, `items.0.id`, `[2]`.
 * A numeric segment indexes an array, or names a key of an object; `[n]` only ever indexes an array.
 */
export type Step = { key: string } | { index: number };

export type Lookup = { found: true; value: unknown } | { found: false; missing: string };

const SEGMENT = /^([^.[\]]*)((?:\[\d+\])*)$/;

/** Parses a path; returns a reason string when it is malformed. */
export function parseDotPath(path: string): Step[] | string {
  if (path.trim() === '') return 'the path is empty';
  const steps: Step[] = [];
  for (const part of path.split('.')) {
    const m = SEGMENT.exec(part);
    if (!m || (m[1] === '' && m[2] === '')) return `malformed segment ${JSON.stringify(part)}; use names and [n] indices, e.g. data.items[0].id`;
    if (m[1] !== '') steps.push({ key: m[1] });
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) steps.push({ index: Number(idx[1]) });
  }
  return steps;
}

function label(steps: readonly Step[], upTo: number): string {
  let out = '';
  for (const s of steps.slice(0, upTo + 1)) out += 'index' in s ? `[${s.index}]` : out === '' ? s.key : `.${s.key}`;
  return out;
}

/** Follows the steps; when something is missing, says where the path stopped. */
export function lookup(root: unknown, steps: readonly Step[]): Lookup {
  let node = root;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if ('index' in s) {
      if (!Array.isArray(node) || s.index >= node.length) return { found: false, missing: label(steps, i) };
      node = node[s.index];
      continue;
    }
    if (Array.isArray(node) && /^\d+$/.test(s.key)) {
      const idx = Number(s.key);
      if (idx >= node.length) return { found: false, missing: label(steps, i) };
      node = node[idx];
      continue;
    }
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, s.key)) {
      return { found: false, missing: label(steps, i) };
    }
    node = (node as Record<string, unknown>)[s.key];
  }
  return { found: true, value: node };
}
