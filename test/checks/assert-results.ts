import assert from 'node:assert/strict';
import type { CheckResult } from '../../src/model/result.js';

/** Every message is one line, and every result names the request it judged. */
export function assertWellFormed(results: CheckResult[], request: string): void {
  for (const r of results) {
    assert.ok(!/[\r\n]/.test(r.message), `message spans lines: ${JSON.stringify(r.message)}`);
    assert.ok(r.message.length > 0, 'empty message');
    assert.equal(r.request, request);
  }
}

/** The single result with this name. */
export function only(results: CheckResult[], name: string): CheckResult {
  const found = results.filter((r) => r.name === name);
  assert.equal(found.length, 1, `expected one result named ${JSON.stringify(name)}, got ${JSON.stringify(results.map((r) => r.name))}`);
  return found[0];
}
