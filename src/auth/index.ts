import type { AuthProfile } from '../model/scenario.js';
import type { HeaderSetsFor } from '../runner/request-template.js';
import { UserError } from '../errors.js';
import { authorizationHeader, bearerHeader } from './authorization.js';
import { profileLabel, type AuthContext } from './context.js';
import { mintJwt } from './jwt.js';
import { loginToken } from './login.js';
import { resolvePool } from './pool.js';

export type { AuthContext } from './context.js';
export { usedProfiles } from './used-profiles.js';

type HeaderSets = Array<Record<string, string>>;

async function resolveProfile(profile: AuthProfile, name: string, ctx: AuthContext): Promise<HeaderSets> {
  const label = profileLabel(ctx, name);
  if ('bearer' in profile) return [bearerHeader(profile.bearer)];
  if ('jwt' in profile) return [authorizationHeader(await mintJwt(profile.jwt, label))];
  if ('login' in profile) return [authorizationHeader(await loginToken(profile.login, ctx, label), profile.login.scheme)];
  if ('pool' in profile) return resolvePool(profile.pool, ctx, name);
  throw new UserError(`${label}: unknown kind ${JSON.stringify(Object.keys(profile as object))}; use one of bearer, jwt, login, pool`);
}

function unknownProfile(name: string, defined: string[], ctx: AuthContext): UserError {
  const known = defined.length ? `defined profiles: ${defined.join(', ')}` : 'no profiles are defined under auth';
  return new UserError(`${ctx.where}: unknown auth profile "${name}"; ${known}`);
}

/**
 * Resolves auth profiles into header sets before the run starts: a static bearer, a JWT minted with
 * jose, a login whose JSON answer holds the token, or a pool of N users (N header sets). Each profile
 * is resolved once; with `ctx.used`, only the profiles requests refer to. Profiles are resolved one
 * after another so logins never compete with each other for the login route's rate limit.
 */
export async function resolveAuth(profiles: Record<string, AuthProfile> | undefined, ctx: AuthContext): Promise<HeaderSetsFor> {
  const all = profiles ?? {};
  const defined = Object.keys(all);
  const wanted = ctx.used === undefined ? defined : [...new Set(ctx.used)];
  const resolved = new Map<string, HeaderSets>();
  for (const name of wanted) {
    if (!Object.prototype.hasOwnProperty.call(all, name)) throw unknownProfile(name, defined, ctx);
    resolved.set(name, await resolveProfile(all[name], name, ctx));
  }
  return (name: string): HeaderSets => {
    const sets = resolved.get(name);
    if (sets) return sets;
    if (Object.prototype.hasOwnProperty.call(all, name)) {
      throw new UserError(`${ctx.where}: auth profile "${name}" was not resolved before the run (not in the profiles the requests use)`);
    }
    throw unknownProfile(name, defined, ctx);
  };
}
