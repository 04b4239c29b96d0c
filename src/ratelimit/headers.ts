import type { HeaderDialect, LimitHeaders, ResetKind } from './types.js';

/**
 * Reads every rate-limit header dialect on one answer. `headers` has lower-cased names (as
 * src/http/send.ts returns them); `nowMs` is the client clock, used to turn epoch resets into
 * seconds from now.
 */
export function parseLimitHeaders(headers: Record<string, string>, nowMs: number): LimitHeaders[] {
  const found: LimitHeaders[] = [];
  const legacy = parseTriple(headers, 'x-ratelimit', 'legacy', nowMs);
  if (legacy) found.push(legacy);
  const rl = headers['ratelimit'];
  if (rl !== undefined && /\blimit\s*=/.test(rl)) found.push(parseDraft7(rl, headers['ratelimit-policy'], nowMs));
  else if (rl !== undefined) found.push(...parseDraft8(rl, headers['ratelimit-policy']));
  const draft6 = parseTriple(headers, 'ratelimit', 'draft6', nowMs);
  if (draft6) {
    draft6.windowSeconds = firstPolicyWindow(headers['ratelimit-policy']);
    found.push(draft6);
  }
  found.push(...parseKong(headers));
  return found;
}

/** `<prefix>-limit`, `-remaining`, `-reset` (X-RateLimit-* or IETF draft ≤ 06). */
function parseTriple(headers: Record<string, string>, prefix: string, dialect: HeaderDialect, nowMs: number): LimitHeaders | null {
  const limit = headers[`${prefix}-limit`];
  const remaining = headers[`${prefix}-remaining`];
  const reset = headers[`${prefix}-reset`];
  if (limit === undefined && remaining === undefined && reset === undefined) return null;
  const r = reset === undefined ? null : readReset(reset, nowMs);
  return {
    dialect,
    limit: leadingNumber(limit),
    remaining: leadingNumber(remaining),
    resetSeconds: r?.seconds ?? null,
    resetKind: r?.kind ?? 'none',
    windowSeconds: null,
  };
}

/**
 * A reset value may be delta seconds, epoch seconds or epoch milliseconds depending on the
 * library; the magnitude tells them apart (no window is a decade long).
 */
export function readReset(raw: string, nowMs: number): { seconds: number; kind: ResetKind } | null {
  const v = leadingNumber(raw);
  if (v === null) return null;
  if (v > 1e12) return { seconds: (v - nowMs) / 1000, kind: 'epoch-ms' };
  if (v > 1e9) return { seconds: v - nowMs / 1000, kind: 'epoch-seconds' };
  return { seconds: v, kind: 'delta-seconds' };
}

/** Draft 07: `RateLimit: limit=100, remaining=50, reset=30`. */
function parseDraft7(value: string, policy: string | undefined, nowMs: number): LimitHeaders {
  const params = new Map<string, string>();
  for (const part of value.split(/[,;]/)) {
    const m = /^\s*([a-z-]+)\s*=\s*"?([^",;]*)"?\s*$/i.exec(part);
    if (m) params.set(m[1].toLowerCase(), m[2]);
  }
  const reset = params.has('reset') ? readReset(params.get('reset')!, nowMs) : null;
  return {
    dialect: 'draft7',
    limit: leadingNumber(params.get('limit')),
    remaining: leadingNumber(params.get('remaining')),
    resetSeconds: reset?.seconds ?? null,
    resetKind: reset?.kind ?? 'none',
    windowSeconds: firstPolicyWindow(policy),
  };
}

/**
 * Draft 08+: `RateLimit-Policy: "name";q=100;w=60, ...` and `RateLimit: "name";r=50;t=30, ...`.
 * One LimitHeaders per policy named in either field.
 */
function parseDraft8(value: string, policyValue: string | undefined): LimitHeaders[] {
  const policies = new Map<string, Map<string, string>>();
  for (const item of splitList(policyValue ?? '')) policies.set(item.name, item.params);
  const out: LimitHeaders[] = [];
  const seen = new Set<string>();
  for (const item of splitList(value)) {
    seen.add(item.name);
    const pol = policies.get(item.name);
    out.push(draft8Entry(item.name, pol, item.params));
  }
  for (const [name, pol] of policies) if (!seen.has(name)) out.push(draft8Entry(name, pol, undefined));
  return out;
}

function draft8Entry(name: string, policy: Map<string, string> | undefined, state: Map<string, string> | undefined): LimitHeaders {
  const t = state?.get('t');
  return {
    dialect: 'draft8',
    policy: name,
    limit: leadingNumber(policy?.get('q')),
    remaining: leadingNumber(state?.get('r')),
    resetSeconds: leadingNumber(t),
    resetKind: t === undefined ? 'none' : 'delta-seconds',
    windowSeconds: leadingNumber(policy?.get('w')),
  };
}

/** Kong: `X-RateLimit-Limit-Minute: 5`, `X-RateLimit-Remaining-Minute: 4`, one pair per period. */
function parseKong(headers: Record<string, string>): LimitHeaders[] {
  const periods: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, month: 2_592_000, year: 31_536_000 };
  const out: LimitHeaders[] = [];
  for (const [period, seconds] of Object.entries(periods)) {
    const limit = headers[`x-ratelimit-limit-${period}`];
    const remaining = headers[`x-ratelimit-remaining-${period}`];
    if (limit === undefined && remaining === undefined) continue;
    const reset = headers['ratelimit-reset'];
    out.push({
      dialect: 'kong',
      policy: period,
      limit: leadingNumber(limit),
      remaining: leadingNumber(remaining),
      resetSeconds: leadingNumber(reset),
      resetKind: reset === undefined ? 'none' : 'delta-seconds',
      windowSeconds: seconds,
    });
  }
  return out;
}

/** The `w=` of the first entry of a draft 06/07 policy (`100;w=60, 1000;w=3600`). */
function firstPolicyWindow(policy: string | undefined): number | null {
  if (!policy) return null;
  const first = splitList(policy)[0];
  return leadingNumber(first?.params.get('w'));
}

interface ListItem {
  name: string;
  params: Map<string, string>;
}

/** A small reader for structured-field lists: `item;k=v;k2=v2, item2;...` (quotes stripped). */
function splitList(value: string): ListItem[] {
  const items: ListItem[] = [];
  for (const raw of value.split(',')) {
    const parts = raw.split(';').map((p) => p.trim());
    if (parts[0] === '' && parts.length === 1) continue;
    const params = new Map<string, string>();
    for (const p of parts.slice(1)) {
      const eq = p.indexOf('=');
      if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"|"$/g, ''));
    }
    items.push({ name: parts[0].replace(/^"|"$/g, ''), params });
  }
  return items;
}

function leadingNumber(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const m = /^\s*(-?\d+(?:\.\d+)?)/.exec(raw);
  return m ? Number(m[1]) : null;
}

/**
 * Chooses the limit information to judge against the declared limit: a policy whose limit equals
 * it, else the most constraining one (lowest remaining, then lowest limit). Standard dialects
 * win ties over legacy ones because they are the newer statement of the same policy.
 */
export function selectLimits(all: LimitHeaders[], declaredLimit: number): LimitHeaders | null {
  if (all.length === 0) return null;
  const order: HeaderDialect[] = ['draft8', 'draft7', 'draft6', 'legacy', 'kong'];
  const ranked = [...all].sort((a, b) => order.indexOf(a.dialect) - order.indexOf(b.dialect));
  const matching = ranked.find((h) => h.limit === declaredLimit);
  if (matching) return matching;
  const withNumbers = ranked.filter((h) => h.limit !== null || h.remaining !== null);
  if (withNumbers.length === 0) return ranked[0];
  return withNumbers.reduce((best, h) => {
    const br = best.remaining ?? Infinity;
    const hr = h.remaining ?? Infinity;
    if (hr !== br) return hr < br ? h : best;
    return (h.limit ?? Infinity) < (best.limit ?? Infinity) ? h : best;
  });
}
