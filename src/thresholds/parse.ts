import { UserError } from '../errors.js';
import type { ThresholdSpec } from '../model/scenario.js';
import type { Aggregate, Operator, Threshold, ThresholdMetric } from './types.js';
import { METRIC_NAMES, METRIC_RULES, aggregateLabel, isMetric } from './metric-rules.js';
import { parseThresholdValue } from './value.js';

type SpecMap = Record<string, ReadonlyArray<string | ThresholdSpec>>;

const KEY_RE = /^\s*([A-Za-z_][\w-]*)\s*(?:\{([^{}]*)\})?\s*$/;
const EXPR_RE = /^\s*(p\(\s*([^)]*?)\s*\)|[a-z]+)\s*(<=|>=|==|!=|<|>)\s*(.*?)\s*$/;

/**
 * Parses a `thresholds:` block. `where` names the place for messages, e.g.
 * "scenario.yaml phases[1].thresholds". Every error names the metric, the text and what is valid.
 */
export function parseThresholds(spec: SpecMap, where: string): Threshold[] {
  const out: Threshold[] = [];
  for (const [key, list] of Object.entries(spec)) {
    if (!Array.isArray(list)) {
      throw new UserError(`${where}: thresholds for "${key}" must be a list of expressions, e.g. ["p(95)<200"]`);
    }
    for (const item of list) {
      if (typeof item === 'string') out.push(parseOne(key, item, false, where));
      else if (item && typeof item === 'object' && typeof item.threshold === 'string') {
        out.push(parseOne(key, item.threshold, item.abortOnFail === true, where));
      } else {
        throw new UserError(`${where}: threshold for "${key}" must be a string like "p(95)<200" or { threshold: "p(95)<200", abortOnFail: true }; got ${JSON.stringify(item)}`);
      }
    }
  }
  return out;
}

/** `--threshold "latency: p(95)<200ms"` → metric and expression (validated by parseThresholds). */
export function parseThresholdFlag(flag: string): { metric: string; expression: string } {
  // The metric key may hold a colon inside its tag braces, so split at the first colon after them.
  const close = flag.indexOf('}');
  const colon = flag.indexOf(':', close < 0 ? 0 : close);
  const metric = colon < 0 ? '' : flag.slice(0, colon).trim();
  const expression = colon < 0 ? '' : flag.slice(colon + 1).trim();
  if (!metric || !expression) {
    throw new UserError(`--threshold ${JSON.stringify(flag)}: use "metric: expression", e.g. --threshold "latency: p(95)<200ms" or --threshold "status{code:429}: count==0"`);
  }
  return { metric, expression };
}

/** Parses every `--threshold` flag into thresholds. */
export function parseThresholdFlags(flags: readonly string[]): Threshold[] {
  const spec: Record<string, string[]> = {};
  for (const f of flags) {
    const { metric, expression } = parseThresholdFlag(f);
    (spec[metric] ??= []).push(expression);
  }
  return parseThresholds(spec, '--threshold');
}

function parseOne(key: string, text: string, abortOnFail: boolean, where: string): Threshold {
  const fail = (why: string): never => {
    throw new UserError(`${where}: threshold ${JSON.stringify(key)}: ${JSON.stringify(text)}: ${why}`);
  };
  const k = KEY_RE.exec(key);
  if (!k) return fail(`bad metric name; write metric or metric{tag:value}, e.g. latency{request:checkout}`);
  const metricName = k[1];
  if (!isMetric(metricName)) return fail(`unknown metric "${metricName}"; valid metrics: ${METRIC_NAMES.join(', ')}`);
  const metric: ThresholdMetric = metricName;
  const rule = METRIC_RULES[metric];
  const tags = parseTags(k[2], metric, fail);

  const e = EXPR_RE.exec(text);
  const bareP = /^\s*p(\d+(?:\.\d+)?)\b/.exec(text);
  if (!e && bareP) return fail(`write the percentile as p(${bareP[1]}), e.g. p(${bareP[1]})<200ms`);
  if (!e) return fail(`expected <aggregate><operator><value>, e.g. ${example(metric)}; operators: < <= > >= == !=`);
  const aggregate = parseAggregate(e[1], e[2], fail);
  if (!rule.aggregates.includes(aggregate.fn)) {
    return fail(`"${e[1]}" does not apply to ${metric}; valid: ${rule.aggregates.map(aggregateLabel).join(', ')}`);
  }
  if (e[4] === '') return fail(`missing value after "${e[3]}", e.g. ${example(metric)}`);
  const value = parseThresholdValue(e[4], rule, aggregate);
  if (typeof value !== 'number') return fail(`bad value "${e[4]}"; expected ${value.valid}`);
  return { metric, tags, aggregate, op: e[3] as Operator, value, key: key.trim(), expression: text.trim(), source: `${key.trim()}: ${text.trim()}`, abortOnFail };
}

function parseAggregate(word: string, pText: string | undefined, fail: (why: string) => never): Aggregate {
  if (pText !== undefined) {
    const p = /^\d+(\.\d+)?$/.test(pText) ? Number(pText) : NaN;
    if (!(p >= 0 && p <= 100)) fail(`percentile "${pText}" must be a number from 0 to 100, e.g. p(95) or p(99.9)`);
    return { fn: 'p', percentile: p };
  }
  const fns = ['avg', 'min', 'max', 'med', 'rate', 'count'] as const;
  const fn = fns.find((f) => f === word);
  if (!fn) return fail(`unknown aggregate "${word}"; valid: p(N), ${fns.join(', ')}`);
  return { fn };
}

function parseTags(body: string | undefined, metric: ThresholdMetric, fail: (why: string) => never): Record<string, string> {
  const rule = METRIC_RULES[metric];
  const tags: Record<string, string> = {};
  const allowed = Object.keys(rule.tags);
  if (body !== undefined && body.trim() !== '') {
    for (const part of body.split(',')) {
      const i = part.indexOf(':');
      const name = i < 0 ? '' : part.slice(0, i).trim();
      const value = i < 0 ? '' : part.slice(i + 1).trim();
      if (!name || !value) fail(`bad tag "${part.trim()}"; write {name:value}, e.g. {request:checkout}`);
      if (!allowed.includes(name)) {
        fail(`unknown tag "${name}" for ${metric}; valid tags: ${allowed.length ? allowed.join(', ') : '(none)'}`);
      }
      const values = rule.tags[name];
      if (values && !values.includes(value)) fail(`tag ${name}:${value} is not valid; use one of ${values.join(', ')}`);
      if (name in tags) fail(`tag "${name}" given twice`);
      tags[name] = value;
    }
  }
  if (tags.code !== undefined && !/^[1-5]\d\d$/.test(tags.code)) fail(`tag code:${tags.code} must be an HTTP status code 100..599, e.g. {code:429}`);
  if (rule.requireOneOf) {
    const given = rule.requireOneOf.filter((t) => t in tags);
    if (given.length !== 1) fail(`${metric} needs exactly one of ${rule.requireOneOf.map((t) => `{${t}:…}`).join(' or ')}, e.g. status{code:429}`);
  }
  return tags;
}

function example(metric: ThresholdMetric): string {
  const ex: Record<ThresholdMetric, string> = {
    latency: 'p(95)<200ms', errors: 'rate<0.01', status: 'count==0', rps: 'avg>500', requests: 'count>=100', checks: 'rate==1',
  };
  return ex[metric];
}
