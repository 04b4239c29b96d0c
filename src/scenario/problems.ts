import { UserError } from '../errors.js';
import { formatPath, type Segment } from './path.js';

/** One thing wrong with a scenario file. `line`/`col` are 1-based, when the source position is known. */
export interface Problem {
  path: string;
  message: string;
  /** The path as segments, to find the source position. */
  segments?: Segment[];
  /** Point at the key itself, not its value (an unknown key). */
  atKey?: boolean;
  /** An unknown key's likely intended name, so "missing required key" for that name is not reported twice. */
  meant?: string;
  /** The required key this problem says is missing. */
  missing?: string;
  line?: number;
  col?: number;
}

export function problem(segments: readonly Segment[], message: string): Problem {
  return { path: formatPath(segments), message, segments: [...segments] };
}

/** "file:12:5: phases[2].limit: must be ≥ 1, got 0" */
export function formatProblem(file: string, p: Problem): string {
  const where = p.line !== undefined ? `${file}:${p.line}:${p.col ?? 1}` : file;
  return `${where}: ${p.path}: ${p.message}`;
}

/** All problems of one scenario file; the message lists every one, one per line. */
export class ScenarioError extends UserError {
  constructor(readonly file: string, readonly problems: Problem[]) {
    super(
      problems.length === 1
        ? formatProblem(file, problems[0])
        : `${file}: ${problems.length} problems:\n` + problems.map((p) => '  ' + formatProblem(file, p)).join('\n'),
    );
    this.name = 'ScenarioError';
  }
}

/** Shows a value in a message, short and unambiguous ("abc", 12, {…}). */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + '…' : text;
}
