import type { Exchange } from '../http/send.js';
import { outcome, type Outcome } from './result.js';
import { show } from './show.js';

/** Each text its own result, so a report says which one is missing. */
export function checkBodyContains(ex: Exchange, texts: string | readonly string[]): Outcome[] {
  const list = typeof texts === 'string' ? [texts] : texts;
  return list.map((text) => {
    const name = `body contains ${show(text)}`;
    return ex.body.includes(text)
      ? outcome(name, true, `body contains ${show(text)}`, text, true)
      : outcome(name, false, `expected the body to contain ${show(text)}, got ${ex.body.length} bytes without it: ${show(ex.body)}`, text, false);
  });
}
