import type { Segment } from './path.js';

/** Header names whose values are credentials (compared lower-case). */
export const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
]);

/** Keys inside a login body whose values are credentials (the whole body is redacted anyway). */
export const SECRET_BODY_KEY = /pass|secret|token|key|credential|pin|otp/i;

/**
 * Whether the value at this path is a credential: bearer tokens, JWT secrets, anything inside a login
 * body, and credential headers anywhere. Used both to redact scenarios and to keep bad values out
 * of validation messages.
 */
export function isSecretPath(at: readonly Segment[]): boolean {
  const headersAt = at.lastIndexOf('headers');
  if (headersAt >= 0 && headersAt === at.length - 2 && typeof at[at.length - 1] === 'string') {
    if (SENSITIVE_HEADERS.has(String(at[at.length - 1]).toLowerCase())) return true;
  }
  if (at[0] === 'embedded' && at[1] === 'jwtSecret') return true;
  if (at[0] !== 'auth') return false;
  const rest = at.slice(2);
  if (rest[0] === 'bearer') return true;
  const inner = rest[0] === 'pool' ? rest.slice(1) : rest;
  if (inner[0] === 'jwt' && inner[1] === 'secret') return true;
  if (inner[0] === 'login' && inner[1] === 'body') return true;
  return false;
}
