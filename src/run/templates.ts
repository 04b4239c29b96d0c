import type { MixEntry, RequestSpec } from '../model/scenario.js';
import { buildTemplate, type HeaderSetsFor, type RequestTemplate } from '../runner/request-template.js';

/** What every phase needs to turn request specs into sendable requests. */
export interface RequestContext {
  baseUrl: string;
  defaultHeaders: Record<string, string>;
  timeoutMs: number;
  authHeaders: HeaderSetsFor;
}

/** Default request name: "GET /api/v1/bookings" (query string dropped so names stay stable). */
export function requestName(spec: RequestSpec): string {
  return spec.name ?? `${(spec.method ?? 'GET').toUpperCase()} ${spec.path.split('?')[0]}`;
}

/** A mix without its weight-0 entries, as templates plus their weights. */
export function mixTemplates(mix: readonly MixEntry[], ctx: RequestContext): { templates: RequestTemplate[]; weights: number[] } {
  const active = mix.filter((e) => (e.weight ?? 1) > 0);
  return {
    templates: active.map((e) => buildTemplate(e, e.name, ctx.defaultHeaders, ctx.authHeaders)),
    weights: active.map((e) => e.weight ?? 1),
  };
}
