import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import {
  scenarioSchema,
  PHASE_KINDS,
  DURATION_PATTERN,
  PATH_PATTERN,
  TARGET_PATTERN,
  REDIS_URL_PATTERN,
  HEADER_NAME_PATTERN,
  PROFILE_NAME_PATTERN,
  TOKEN_PATH_PATTERN,
  PRESET_PATTERN,
} from './schema.js';
import { formatPath, pointerToSegments, valueAt, type Segment } from './path.js';
import { problem, show, type Problem } from './problems.js';
import { isSecretPath } from './secret-paths.js';
import { floodModelProblem } from './flood-model.js';

/** What a pattern means, in words a user can act on. */
const PATTERN_NAMES: Record<string, string> = {
  [DURATION_PATTERN]: 'a duration with its unit such as 500ms, 30s, 1.5m, 2h (a bare "60" is ambiguous: write 60s or 60ms), or a plain YAML number of milliseconds',
  [PATH_PATTERN]: 'a path starting with "/" (or an absolute http(s):// URL)',
  [TARGET_PATTERN]: 'an http:// or https:// base URL, or "embedded"',
  [REDIS_URL_PATTERN]: 'a redis:// or rediss:// URL',
  [HEADER_NAME_PATTERN]: "a header name (letters, digits and !#$%&'*+.^_`|~-)",
  [PROFILE_NAME_PATTERN]: 'a profile name (letters, digits, _ . -)',
  [TOKEN_PATH_PATTERN]: 'a dot path such as "access_token" or "data.token"',
  [PRESET_PATTERN]: '"security-headers"',
};

let compiled: ValidateFunction | undefined;

/** The compiled validator; compiled once per process (ajv compilation is the slow part). */
export function scenarioValidator(): ValidateFunction {
  if (!compiled) {
    // strictRequired off: the `required`-only oneOf branches (pool, flood) are deliberate.
    const ajv = new Ajv({ allErrors: true, verbose: true, discriminator: true, allowUnionTypes: true, strictRequired: false });
    compiled = ajv.compile(scenarioSchema as unknown as object);
  }
  return compiled;
}

/**
 * Validates against the JSON Schema and turns ajv's errors into one problem per mistake: oneOf noise
 * collapsed into one message chosen from the data, unknown keys with the allowed keys, values shown
 * (secrets redacted) with what is allowed. `substituted` maps paths to their `${VAR}` source text.
 */
export function schemaProblems(data: unknown, substituted: ReadonlyMap<string, string> = new Map()): Problem[] {
  const validate = scenarioValidator();
  if (validate(data)) return [];
  const errors = [...(validate.errors ?? [])];
  const consumed = new Set<ErrorObject>();
  const out: Problem[] = [];

  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'propertyNames') {
      const prefix = e.schemaPath + '/';
      for (const inner of errors) {
        if (inner !== e && inner.schemaPath.startsWith(prefix) && inner.instancePath.startsWith(e.instancePath)) consumed.add(inner);
      }
    }
    if (e.keyword === 'discriminator' && (e.params as { error: string }).error === 'tag') {
      const kindMissing = errors.some((o) => o.keyword === 'required' && o.instancePath === e.instancePath);
      if (kindMissing) consumed.add(e);
    }
  }
  for (const e of errors) {
    if (consumed.has(e)) continue;
    const p = describe(e, data, substituted);
    if (p && !out.some((o) => o.path === p.path && o.message === p.message)) out.push(p);
  }
  // "reqest: unknown key (did you mean request?)" already says why "request" is missing.
  const meant = new Set(out.filter((p) => p.meant).map((p) => `${formatPath(p.segments!.slice(0, -1))}|${p.meant}`));
  return out.filter((p) => !(p.missing && meant.has(`${p.path}|${p.missing}`)));
}

function describe(e: ErrorObject, data: unknown, substituted: ReadonlyMap<string, string>): Problem | undefined {
  const at = pointerToSegments(e.instancePath, data);
  const value = valueAt(data, at);
  const shown = showValue(at, value, substituted);
  const params = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((parent.properties as object | undefined) ?? {});
      const hint = closest(key, allowed);
      const p = problem([...at, key], `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; allowed keys: ${allowed.join(', ')}`);
      return { ...p, atKey: true, ...(hint ? { meant: hint } : {}) };
    }
    case 'required': {
      const key = String(params.missingProperty);
      if (key === 'kind') return problem(at, `missing required key "kind": one of ${PHASE_KINDS.join(', ')}`);
      return { ...problem(at, `missing required key "${key}"${forKind(value)}`), missing: key };
    }
    case 'type':
      return problem(at, `must be ${typeWords(String(params.type))}, got ${shown}`);
    case 'enum':
      return problem(at, `must be one of ${(params.allowedValues as unknown[]).map((v) => show(v)).join(', ')}; got ${shown}`);
    case 'const':
      return problem(at, `must be ${show(params.allowedValue)}; got ${shown}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const cmp = String(params.comparison).replace('>=', '≥').replace('<=', '≤');
      return problem(at, `must be ${cmp} ${params.limit}, got ${shown}`);
    }
    case 'minItems':
      return problem(at, `must have at least ${params.limit} item${params.limit === 1 ? '' : 's'}`);
    case 'minLength':
      return problem(at, `must not be empty`);
    case 'uniqueItems':
      return problem(at, `must not repeat items (items ${params.j} and ${params.i} are equal)`);
    case 'pattern':
      return problem(at, `must be ${PATTERN_NAMES[String(params.pattern)] ?? `text matching ${params.pattern}`}; got ${shown}`);
    case 'propertyNames': {
      const name = String(params.propertyName);
      const pattern = String(((parent.propertyNames ?? {}) as { pattern?: string }).pattern);
      return problem([...at, name], `invalid name "${name}"; use ${PATTERN_NAMES[pattern] ?? `names matching ${pattern}`}`);
    }
    case 'minProperties':
    case 'maxProperties':
      return exactlyOneOf(at, value, parent);
    case 'discriminator': {
      if ((params as { error: string }).error === 'tag') return problem([...at, 'kind'], `must be one of ${PHASE_KINDS.join(', ')}; got ${show(params.tag)}`);
      return problem([...at, 'kind'], `unknown phase kind ${show(params.tagValue)}; one of ${PHASE_KINDS.join(', ')}`);
    }
    case 'oneOf':
      return oneOfProblem(at, value, parent);
    default:
      return problem(at, `${e.message ?? 'is invalid'} (got ${shown})`);
  }
}

/** Picks the message for a failed oneOf from the data itself rather than from ajv's branch errors. */
function oneOfProblem(at: Segment[], value: unknown, parent: Record<string, unknown>): Problem {
  const obj = (value ?? {}) as Record<string, unknown>;
  if (parent === (scenarioSchema.definitions.floodPhase as unknown)) {
    return problem(at, floodModelProblem(obj) ?? 'must be a closed model (connections + duration) or an open model (rate + duration, or stages)');
  }
  if (parent === (scenarioSchema.definitions.poolAuth as unknown)) {
    const has = ['login', 'jwt'].filter((k) => k in obj);
    return problem(at, has.length === 2 ? 'has both login and jwt; use exactly one' : 'needs one of login or jwt (how each user gets its token)');
  }
  return problem(at, `must match exactly one of the allowed forms; got ${show(value)}`);
}

function exactlyOneOf(at: Segment[], value: unknown, parent: Record<string, unknown>): Problem {
  const allowed = Object.keys((parent.properties as object | undefined) ?? {});
  const got = value && typeof value === 'object' ? Object.keys(value) : [];
  return problem(at, `must have exactly one of ${allowed.join(', ')}; got ${got.length ? got.join(', ') : 'none'}`);
}

function forKind(value: unknown): string {
  const kind = value && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
  return typeof kind === 'string' && (PHASE_KINDS as readonly string[]).includes(kind) ? ` (required in ${kind} phases)` : '';
}

function showValue(at: Segment[], value: unknown, substituted: ReadonlyMap<string, string>): string {
  const text = isSecretPath(at) ? '[redacted]' : show(value);
  const source = substituted.get(formatPath(at));
  return source !== undefined && !isSecretPath(at) ? `${text} (from ${show(source)})` : text;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  null: 'null',
};

function typeWords(types: string): string {
  return types
    .split(',')
    .map((t) => TYPE_WORDS[t] ?? t)
    .join(' or ');
}

/** The allowed key nearest to a typo, if it is close enough to be a likely intent. */
export function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
