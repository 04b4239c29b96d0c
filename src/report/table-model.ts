/**
 * A neutral table: every reporter (console, Markdown, HTML) renders the same rows, so the numbers
 * a person reads in CI, in the step summary and in the HTML report are one computation.
 */
export type Tone = 'good' | 'bad' | 'warn' | 'muted';

export interface Cell {
  text: string;
  tone?: Tone;
}

export interface TableData {
  title: string;
  head: string[];
  rows: Cell[][];
  /** Columns to right-align (numbers). */
  numeric?: readonly number[];
  /** One line under the title: units, which responses were measured... */
  note?: string;
}

export const cell = (text: string | number, tone?: Tone): Cell => (tone ? { text: String(text), tone } : { text: String(text) });

export const cells = (...values: Array<string | number | Cell>): Cell[] =>
  values.map((v) => (typeof v === 'object' ? v : cell(v)));
