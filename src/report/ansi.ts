import type { Tone } from './table-model.js';

/** Minimal ANSI styling; the caller decides whether colour is on (TTY, NO_COLOR). */
const CODES: Record<Tone | 'bold' | 'head', [number, number]> = {
  good: [32, 39],
  bad: [31, 39],
  warn: [33, 39],
  muted: [90, 39],
  bold: [1, 22],
  head: [36, 39],
};

export type Paint = (text: string, style?: Tone | 'bold' | 'head') => string;

export function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, style) => {
    if (!style) return text;
    const [on, off] = CODES[style];
    return `\u001b[${on}m${text}\u001b[${off}m`;
  };
}
