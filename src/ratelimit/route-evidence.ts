import type { Exchange } from '../http/send.js';
import { send } from '../http/send.js';
import { parseLimitHeaders } from './headers.js';
import type { RouteEvidence } from './rules/index.js';

/** Paths that health checks, metrics scrapers and load balancers use; limiters usually exempt them. */
const HEALTH_STYLE = /(^|\/)(health|healthz|healthcheck|_health|ready|readyz|readiness|live|livez|liveness|metrics|status|ping|version|heartbeat)(\/|\.json$|$)/i;
const MAX_SIBLINGS = 3;
const SIBLING_TIMEOUT_MS = 3000;

/** Why a path looks like a health/metrics endpoint, or null. */
export function healthStylePath(path: string): string | null {
  const m = HEALTH_STYLE.exec(path);
  return m ? `${path} is a health/metrics-style path (limiters commonly exempt "${m[2]}")` : null;
}

/**
 * Looks around a route that admitted everything without limit headers: is it a health-style path,
 * do sibling API routes carry limit headers, does a health endpoint say the limiter store is down?
 * A handful of GETs on the same origin, each bounded by a timeout.
 */
export async function gatherRouteEvidence(url: string, headers: Record<string, string>): Promise<RouteEvidence> {
  const target = new URL(url);
  const checked: string[] = [];
  let exempt = healthStylePath(target.pathname);
  const siblings = await siblingPaths(target, headers);
  for (const path of siblings.slice(0, MAX_SIBLINGS)) {
    const ex = await tryGet(new URL(path, target).toString(), headers);
    if (!ex) continue;
    const limited = parseLimitHeaders(ex.headers, Date.now()).length > 0;
    checked.push(`GET ${path} → ${ex.status}${limited ? ' with rate-limit headers' : ' without rate-limit headers'}`);
    if (!limited || exempt?.includes('sibling route')) continue;
    exempt = exempt === null
      ? `the sibling route ${path} carries rate-limit headers but ${target.pathname} does not`
      : `${exempt}; the sibling route ${path} carries rate-limit headers`;
  }
  const failOpen = await limiterDownReport(target, headers, checked);
  return { exempt, checked, failOpen };
}

/** Other GET routes of the API: from /openapi.json when served, else /api-style parents of the path. */
async function siblingPaths(target: URL, headers: Record<string, string>): Promise<string[]> {
  const own = target.pathname;
  const doc = await tryGet(new URL('/openapi.json', target).toString(), headers);
  const out: string[] = [];
  if (doc && doc.status === 200) {
    try {
      const paths = (JSON.parse(doc.body) as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
      for (const [p, ops] of Object.entries(paths)) {
        if (p === own || p.includes('{') || healthStylePath(p) || !ops || typeof ops !== 'object' || !('get' in ops)) continue;
        out.push(p);
      }
    } catch {
      // Not JSON: fall back to the parents below.
    }
  }
  if (out.length === 0) {
    const parts = own.split('/').filter(Boolean);
    for (let i = parts.length - 1; i >= 1; i--) out.push(`/${parts.slice(0, i).join('/')}`);
    if (healthStylePath(own)) out.push('/api', '/api/v1');
  }
  return [...new Set(out)].filter((p) => !DOC_PATHS.test(p)).sort((a, b) => apiRank(a, own) - apiRank(b, own));
}

/** Documentation routes are never limited like the API is; they say nothing about the limiter. */
const DOC_PATHS = /^\/(docs|redoc|swagger|openapi|api-docs)(\/|\.json|\.ya?ml|$)/i;

/** Routes under the probed path's first segment, then /api-style routes, then the rest. */
function apiRank(path: string, own: string): number {
  const first = own.split('/')[1] ?? '';
  if (first && path.startsWith(`/${first}/`) && !healthStylePath(own)) return 0;
  return /^\/api(\/|$)/i.test(path) ? 1 : 2;
}

/**
 * A limiter that fails open admits everything while its store is down; a health endpoint often
 * says so ("rate_limiter": "unavailable"). Returns that statement, or null.
 */
async function limiterDownReport(target: URL, headers: Record<string, string>, checked: string[]): Promise<string | null> {
  for (const path of ['/health', '/healthz']) {
    const ex = path === target.pathname ? null : await tryGet(new URL(path, target).toString(), headers);
    if (!ex || ex.status === 404) continue;
    const down = storeDownIn(ex.body);
    checked.push(`GET ${path} → ${ex.status}${down ? ` (${down})` : ''}`);
    if (down) return `${path} reports ${down}`;
  }
  return null;
}

/** `"rate_limiter": "unavailable"`, `"redis": "down"` ... in a health body, or null. */
export function storeDownIn(body: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const bad = /^(unavailable|down|unreachable|error|failed|failing|unhealthy|disconnected)$/i;
  const storeKey = /limit|redis|cache|store|throttl/i;
  const walk = (node: unknown, depth: number): string | null => {
    if (depth > 4 || node === null || typeof node !== 'object') return null;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (storeKey.test(k) && typeof v === 'string' && bad.test(v)) return `${k}: ${v}`;
      const inner = walk(v, depth + 1);
      if (inner) return inner;
    }
    return null;
  };
  return walk(json, 0);
}

async function tryGet(url: string, headers: Record<string, string>): Promise<Exchange | null> {
  try {
    return await send(url, { headers, timeoutMs: SIBLING_TIMEOUT_MS, maxBodyBytes: 256 * 1024 });
  } catch {
    return null;
  }
}
