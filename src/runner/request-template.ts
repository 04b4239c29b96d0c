import type { RequestSpec } from '../model/scenario.js';

/**
 * A request ready to send many times: headers merged (defaults < request < auth), body serialized
 * once. A pool auth profile yields several header sets (one per identity); senders rotate through
 * them so a flood spreads over distinct identities.
 */
export interface RequestTemplate {
  name: string;
  method: string;
  path: string;
  body: string | undefined;
  headerSets: Array<Record<string, string>>;
}

export type HeaderSetsFor = (profile: string) => Array<Record<string, string>>;

export function buildTemplate(
  spec: RequestSpec,
  name: string,
  defaults: Record<string, string>,
  authHeaders: HeaderSetsFor,
): RequestTemplate {
  const method = (spec.method ?? 'GET').toUpperCase();
  const base: Record<string, string> = { ...defaults, ...(spec.headers ?? {}) };
  let body: string | undefined;
  if (spec.body !== undefined && spec.body !== null) {
    body = typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
    if (typeof spec.body !== 'string' && !hasHeader(base, 'content-type')) base['Content-Type'] = 'application/json';
  }
  const identities = spec.auth ? authHeaders(spec.auth) : [{}];
  const headerSets = identities.map((auth) => ({ ...base, ...auth }));
  return { name, method, path: spec.path, body, headerSets };
}

export function hasHeader(headers: Record<string, string>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((k) => k.toLowerCase() === lower);
}

/** Joins a base URL and a request path without doubling or dropping the slash. */
export function joinUrl(base: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}
