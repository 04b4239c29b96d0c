export const AUTHORIZATION = 'Authorization';

/** One header set: `Authorization: <scheme> <token>`, or the bare token when the scheme is "". */
export function authorizationHeader(token: string, scheme = 'Bearer'): Record<string, string> {
  return { [AUTHORIZATION]: scheme === '' ? token : `${scheme} ${token}` };
}

/** A static bearer token; a value already written as "Bearer x" is not prefixed twice. */
export function bearerHeader(token: string): Record<string, string> {
  return authorizationHeader(token.replace(/^bearer\s+/i, '').trim());
}
