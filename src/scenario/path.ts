/** A location inside a scenario document: object keys and array indexes from the root. */
export type Segment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** ["phases", 2, "mix", 0, "weight"] → "phases[2].mix[0].weight"; odd keys are quoted: headers["x y"]. */
export function formatPath(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (PLAIN_KEY.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out === '' ? '(top level)' : out;
}

/** An ajv instancePath ("/phases/2/mix/0") → segments, numbers where the data holds an array. */
export function pointerToSegments(pointer: string, root: unknown): Segment[] {
  if (pointer === '') return [];
  const out: Segment[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) {
      out.push(Number(key));
      node = node[Number(key)];
    } else {
      out.push(key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

/** The value at `segments` in `root`, or undefined. */
export function valueAt(root: unknown, segments: readonly Segment[]): unknown {
  let node = root;
  for (const s of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[s];
  }
  return node;
}
