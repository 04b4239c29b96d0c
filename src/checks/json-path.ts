import { isDeepStrictEqual } from 'node:util';
import type { Exchange } from '../http/send.js';
import type { JsonExpectation } from '../model/scenario.js';
import { UserError } from '../errors.js';
import { lookup, parseDotPath, type Step } from './dot-path.js';
import { outcome, type Outcome } from './result.js';
import { show } from './show.js';

type Parsed = { ok: true; value: unknown } | { ok: false };

function parseBody(body: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

export function stepsOf(path: string, requestName: string): Step[] {
  const steps = parseDotPath(path);
  if (typeof steps === 'string') throw new UserError(`request "${requestName}" json path ${JSON.stringify(path)}: ${steps}`);
  return steps;
}

/** JSON path equals (deep) / exists / absent; the body is parsed once for all of them. */
export function checkJson(ex: Exchange, expectations: readonly JsonExpectation[], requestName: string): Outcome[] {
  const steps = expectations.map((j) => stepsOf(j.path, requestName));
  const body = parseBody(ex.body);
  return expectations.map((j, i) => judgeOne(j, steps[i], body, ex));
}

function judgeOne(j: JsonExpectation, steps: Step[], body: Parsed, ex: Exchange): Outcome {
  const name = `json ${j.path}`;
  const hasEquals = Object.prototype.hasOwnProperty.call(j, 'equals');
  const wantsAbsent = j.exists === false && !hasEquals;
  if (!body.ok) {
    const type = ex.headers['content-type'] ?? 'no content type';
    return outcome(name, false, `expected JSON with ${j.path}, got a body that is not JSON (${type}, ${ex.body.length} bytes)`, hasEquals ? j.equals : j.exists ?? true, null);
  }
  const found = lookup(body.value, steps);
  if (wantsAbsent) {
    return found.found
      ? outcome(name, false, `expected ${j.path} absent, got ${show(found.value)}`, 'absent', found.value)
      : outcome(name, true, `${j.path} absent, as expected`, 'absent', 'absent');
  }
  if (!found.found) {
    const want = hasEquals ? show(j.equals) : 'present';
    return outcome(name, false, `expected ${j.path} ${want}, got nothing at ${found.missing}`, hasEquals ? j.equals : 'present', null);
  }
  if (!hasEquals) return outcome(name, true, `${j.path} present: ${show(found.value)}`, 'present', found.value);
  return isDeepStrictEqual(found.value, j.equals)
    ? outcome(name, true, `${j.path} is ${show(found.value)}, as expected`, j.equals, found.value)
    : outcome(name, false, `expected ${j.path} ${show(j.equals)}, got ${show(found.value)}`, j.equals, found.value);
}
