import { SignJWT, jwtVerify, errors } from 'jose';
import { isRole, type DemoUser, type Role } from './users.js';

export const TOKEN_TTL_S = 1800;

/** Issuer claim on the tokens /login mints; not required on verification, so scenarios can mint their own. */
export const TOKEN_ISSUER = 'limitprobe-target';

export interface TokenSubject {
  userId: string;
  role: Role;
}

/** Why a bearer token was refused: the `error_description` of the 401. */
export type TokenProblem = 'missing' | 'expired' | 'invalid';

export type TokenCheck = { ok: true; subject: TokenSubject } | { ok: false; problem: TokenProblem };

export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  /** HS256, 30 minutes, sub = user id, role claim. */
  mint(user: DemoUser): Promise<string> {
    return new SignJWT({ role: user.role, email: user.email })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_TTL_S}s`)
      .sign(this.key);
  }

  /** Checks an `Authorization` header value. */
  async check(authorization: string | undefined): Promise<TokenCheck> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return { ok: false, problem: 'missing' };
    try {
      const { payload } = await jwtVerify(match[1], this.key, { algorithms: ['HS256'] });
      // A self-minted token without a role is a plain customer; an unknown role is refused.
      const role = payload.role ?? 'customer';
      if (typeof payload.sub !== 'string' || payload.sub.length === 0 || !isRole(role)) return { ok: false, problem: 'invalid' };
      return { ok: true, subject: { userId: payload.sub, role } };
    } catch (e) {
      return { ok: false, problem: e instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
