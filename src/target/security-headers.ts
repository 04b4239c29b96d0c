/**
 * The seven headers every answer carries (429s included), fixed at load time.
 * CSP: an API and one plain HTML page need nothing loaded; no empty directive, no trailing ';'.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'X-XSS-Protection': '0',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
});

export const PREFLIGHT_MAX_AGE_S = 600;
export const ALLOWED_REQUEST_HEADERS = 'Authorization, Content-Type';

/**
 * CORS for one answer: the origin is echoed only when it is the configured one; `Vary: Origin`
 * always, because the answer depends on it.
 */
export function corsHeaders(requestOrigin: string | undefined, allowedOrigin: string, exposed: readonly string[]): Record<string, string> {
  if (requestOrigin !== allowedOrigin) return { Vary: 'Origin' };
  return {
    Vary: 'Origin',
    'Access-Control-Allow-Origin': allowedOrigin,
    'Access-Control-Expose-Headers': exposed.join(', '),
  };
}

/** Extra headers on a preflight answer (204). */
export function preflightHeaders(allowMethods: readonly string[]): Record<string, string> {
  return {
    'Access-Control-Allow-Methods': allowMethods.join(', '),
    'Access-Control-Allow-Headers': ALLOWED_REQUEST_HEADERS,
    'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_S),
  };
}
