import { UserError } from '../errors.js';

/** Metrics `--max-regression` can bound. Latency ones read the successful responses' HDR histogram. */
export const LATENCY_KEYS = ['p50', 'p90', 'p95', 'p99', 'p999', 'max', 'mean'] as const;
export type LatencyKey = (typeof LATENCY_KEYS)[number];
export type BoundKey = LatencyKey | 'rps' | 'errors';

/**
 * One bound. Latency: the allowed increase, relative (`p95=10%`) or absolute (`p95=5ms`).
 * rps: the allowed drop, written negative (`rps=-5%`). errors: the allowed rise of the error
 * rate in percentage points (`errors=1%`: 0.2% → 1.2% is still within).
 */
export type Bound =
  | { key: LatencyKey; kind: 'relative' | 'absolute-ms'; limit: number; text: string }
  | { key: 'rps'; kind: 'relative'; limit: number; text: string }
  | { key: 'errors'; kind: 'points'; limit: number; text: string };

export const DEFAULT_MAX_REGRESSION = 'p95=10%,p99=15%,rps=-5%';

const VALID = `${LATENCY_KEYS.join(', ')} (latency: +N% or Nms), rps (-N%), errors (N% points)`;

export function parseMaxRegression(text: string): Bound[] {
  const out: Bound[] = [];
  const fail = (part: string, why: string): never => {
    throw new UserError(`--max-regression ${JSON.stringify(text)}: ${JSON.stringify(part)}: ${why}; e.g. --max-regression p95=10%,p99=15%,rps=-5%`);
  };
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const m = /^([a-z0-9.]+)\s*=\s*([+-]?\d+(?:\.\d+)?)\s*(%|ms)$/i.exec(part);
    if (!m) fail(part, 'write metric=value with % (or ms for latency)');
    const [, keyText, numText, unit] = m as RegExpExecArray;
    const key = keyText.toLowerCase() === 'p99.9' ? 'p999' : keyText.toLowerCase();
    const n = Number(numText);
    if (out.some((b) => b.key === key)) fail(part, `${key} is bounded twice`);
    if ((LATENCY_KEYS as readonly string[]).includes(key)) {
      if (n < 0) fail(part, `a latency bound is the allowed increase, so it must not be negative`);
      out.push({ key: key as LatencyKey, kind: unit === '%' ? 'relative' : 'absolute-ms', limit: n, text: part });
    } else if (key === 'rps') {
      if (unit !== '%') fail(part, 'rps takes a percentage');
      if (n > 0) fail(part, 'the rps bound is the allowed drop, write it negative (rps=-5%)');
      out.push({ key: 'rps', kind: 'relative', limit: Math.abs(n), text: part });
    } else if (key === 'errors') {
      if (unit !== '%') fail(part, 'errors takes percentage points of the error rate');
      if (n < 0) fail(part, 'the errors bound is the allowed rise, so it must not be negative');
      out.push({ key: 'errors', kind: 'points', limit: n, text: part });
    } else {
      fail(part, `unknown metric "${keyText}"; valid: ${VALID}`);
    }
  }
  if (!out.length) fail(text, 'no bounds given');
  return out;
}
