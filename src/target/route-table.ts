/**
 * The demo API's routes as data: the dispatcher, /docs and /openapi.json are all derived from it,
 * so the documentation cannot drift from what is served.
 */
export type RouteId = 'health' | 'docs' | 'openapi' | 'login' | 'services' | 'bookings' | 'analytics';

export interface RouteInfo {
  id: RouteId;
  path: string;
  method: 'GET' | 'POST';
  summary: string;
  /** none; any valid bearer token; a token with one of the analytics roles. */
  auth: 'none' | 'bearer' | 'role';
  /** Which budget it draws on: none (exempt), per client IP, per user id. */
  limit: 'none' | 'ip' | 'user';
}

export const ROUTES: readonly RouteInfo[] = [
  { id: 'health', path: '/health', method: 'GET', summary: 'Service health (exempt from rate limiting, no rate-limit headers)', auth: 'none', limit: 'none' },
  { id: 'docs', path: '/docs', method: 'GET', summary: 'This page: the list of routes', auth: 'none', limit: 'none' },
  { id: 'openapi', path: '/openapi.json', method: 'GET', summary: 'OpenAPI 3.1 description of every route', auth: 'none', limit: 'none' },
  { id: 'login', path: '/api/v1/auth/login', method: 'POST', summary: 'Exchange email and password for a 30-minute HS256 bearer token', auth: 'none', limit: 'ip' },
  { id: 'services', path: '/api/v1/services', method: 'GET', summary: 'Public service catalogue', auth: 'none', limit: 'ip' },
  { id: 'bookings', path: '/api/v1/bookings', method: 'GET', summary: "The caller's bookings (any authenticated user)", auth: 'bearer', limit: 'user' },
  { id: 'analytics', path: '/api/v1/analytics/overview', method: 'GET', summary: 'Business overview (roles admin, manager, owner)', auth: 'role', limit: 'user' },
];

const BY_PATH = new Map(ROUTES.map((r) => [r.path, r]));

export function findRoute(path: string): RouteInfo | undefined {
  return BY_PATH.get(path);
}

/** Methods to list in `Allow` for a known route. HEAD is served wherever GET is. */
export function allowedMethods(route: RouteInfo): string[] {
  return route.method === 'GET' ? ['GET', 'HEAD', 'OPTIONS'] : [route.method, 'OPTIONS'];
}
