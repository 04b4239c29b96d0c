import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import { UserError } from '../errors.js';
import type { Problem } from './problems.js';
import type { Segment } from './path.js';

/** A parsed scenario document, kept with its source so problems can point at a line. */
export interface ParsedFile {
  file: string;
  data: unknown;
  /** 1-based line and column of the node at a path (of its key, with `atKey`), when the source has it. */
  positionOf(segments: readonly Segment[], atKey?: boolean): { line: number; col: number } | undefined;
}

/**
 * Reads a YAML or JSON scenario. JSON is parsed by the YAML parser too (JSON is YAML 1.2), so both
 * get line numbers in messages; duplicate keys are errors in both, since the last one silently
 * winning is how typos go unnoticed.
 */
export async function parseScenarioFile(file: string): Promise<ParsedFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a scenario file' : code ?? String(e);
    throw new UserError(`${file}: cannot read scenario: ${why}; give the path of a .yaml, .yml or .json file`);
  }
  return parseScenarioText(text, file);
}

export function parseScenarioText(text: string, file: string): ParsedFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.slice(0, 5).map((e) => {
      const pos = e.linePos?.[0];
      const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
      return `${where}: ${isJsonFile(file) ? 'JSON' : 'YAML'} syntax error: ${firstLine(e.message)}`;
    });
    const hint = flowInterpolationHint(text, doc.errors.map((e) => e.linePos?.[0].line));
    throw new UserError([...lines, ...(hint ? [hint] : [])].join('\n'));
  }
  const data = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${file}: a scenario must be a mapping with at least "name" and "phases"; got ${data === null ? 'an empty document' : Array.isArray(data) ? 'a list' : typeof data}`);
  }
  return { file, data, positionOf: (segments, atKey) => position(doc, lineCounter, segments, atKey) };
}

/** Adds line/column to problems whose path exists in the source. */
export function locate(parsed: ParsedFile, problems: Problem[]): Problem[] {
  return problems.map((p) => {
    if (!p.segments) return p;
    // A missing key has no node: point at the nearest ancestor that exists.
    for (let n = p.segments.length; n >= 0; n--) {
      const pos = parsed.positionOf(p.segments.slice(0, n), p.atKey && n === p.segments.length);
      if (pos) return { ...p, line: pos.line, col: pos.col };
    }
    return p;
  });
}

function position(doc: Document, lc: LineCounter, segments: readonly Segment[], atKey = false): { line: number; col: number } | undefined {
  if (atKey && segments.length > 0) {
    const parent = segments.length === 1 ? doc.contents : doc.getIn(segments.slice(0, -1) as Segment[], true);
    const last = segments[segments.length - 1];
    const pair = isMap(parent) ? parent.items.find((it) => isScalar(it.key) && String(it.key.value) === String(last)) : undefined;
    if (pair && isNode(pair.key) && pair.key.range) return lc.linePos(pair.key.range[0]);
  }
  const node = segments.length === 0 ? doc.contents : doc.getIn(segments as Segment[], true);
  if (!isNode(node) || !node.range) return undefined;
  return lc.linePos(node.range[0]);
}

/**
 * In a `{ … }` mapping, YAML reads `${VAR:-x}` as the start of another mapping: the errors it gives
 * say nothing of interpolation, so name the likely cause when an erring line has an unquoted `${`.
 */
function flowInterpolationHint(text: string, lines: ReadonlyArray<number | undefined>): string | null {
  const src = text.split('\n');
  const bad = lines.find((n) => n !== undefined && /[{[][^'"\n]*(?<!["'])\$\{/.test(src[n - 1] ?? ''));
  if (bad === undefined) return null;
  return `hint: line ${bad} has an unquoted \${…} inside { } or [ ]: quote it, e.g. path: "\${PROBE_PATH:-/api/v1/services}"`;
}

const isJsonFile = (f: string): boolean => f.toLowerCase().endsWith('.json');
// Pretty errors end their first line with the position, which the message already leads with.
const firstLine = (s: string): string => s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
