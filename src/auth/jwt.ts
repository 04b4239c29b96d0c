import { SignJWT } from 'jose';
import type { JwtAuth } from '../model/scenario.js';
import { UserError } from '../errors.js';
import { parseDuration } from '../scenario/duration.js';

export const DEFAULT_JWT_LIFETIME = '1h';

/**
 * Mints a JWT with an HMAC secret. `iat` is now unless the claims set it; `exp` comes from
 * `expiresIn` (default 1h) unless the claims carry their own `exp` and no `expiresIn` is given, which
 * is how a scenario sends an expired token on purpose.
 */
export async function mintJwt(jwt: JwtAuth, label: string): Promise<string> {
  const claims = { ...(jwt.claims ?? {}) };
  const nowS = Math.floor(Date.now() / 1000);
  const builder = new SignJWT(claims).setProtectedHeader({ alg: jwt.algorithm ?? 'HS256', typ: 'JWT' });
  if (claims.iat === undefined) builder.setIssuedAt(nowS);
  if (jwt.expiresIn !== undefined || claims.exp === undefined) {
    const lifetimeMs = parseDuration(jwt.expiresIn ?? DEFAULT_JWT_LIFETIME, `${label} jwt.expiresIn`);
    builder.setExpirationTime(nowS + Math.max(1, Math.round(lifetimeMs / 1000)));
  }
  if (jwt.issuer !== undefined) builder.setIssuer(jwt.issuer);
  if (jwt.audience !== undefined) builder.setAudience(jwt.audience);
  try {
    return await builder.sign(new TextEncoder().encode(jwt.secret));
  } catch (e) {
    // jose's messages name the claim or algorithm at fault, never the key.
    throw new UserError(`${label}: cannot mint the JWT: ${e instanceof Error ? e.message : String(e)}; check jwt.claims and jwt.algorithm (HS256, HS384, HS512)`);
  }
}
