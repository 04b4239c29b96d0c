import type { PoolAuth } from '../model/scenario.js';
import { UserError } from '../errors.js';
import { authorizationHeader } from './authorization.js';
import { profileLabel, type AuthContext } from './context.js';
import { mintJwt } from './jwt.js';
import { loginToken } from './login.js';
import { mentionsUserNumber, withUserNumber } from './user-number.js';

/** Logins run a few at a time: enough to be quick, few enough not to flood the login route. */
const LOGIN_CONCURRENCY = 4;

async function tokenFor(pool: PoolAuth, n: number, ctx: AuthContext, profile: string): Promise<string> {
  const label = profileLabel(ctx, profile, { n, of: pool.size });
  if (pool.jwt) return mintJwt(withUserNumber(pool.jwt, n), label);
  if (pool.login) {
    const login = pool.login;
    return loginToken({ ...login, body: withUserNumber(login.body, n), headers: withUserNumber(login.headers, n) }, ctx, label);
  }
  throw new UserError(`${profileLabel(ctx, profile)}: a pool needs exactly one of login or jwt`);
}

/**
 * N header sets, one per user; `${i}` is the 1-based user number. A pool whose users could not
 * differ (no `${i}`), or whose tokens turn out identical, is refused: a flood spread over "N users"
 * that are really one would make every per-user verdict wrong.
 */
export async function resolvePool(pool: PoolAuth, ctx: AuthContext, profile: string): Promise<Array<Record<string, string>>> {
  const label = profileLabel(ctx, profile);
  const source = pool.jwt ? pool.jwt.claims : { body: pool.login?.body, headers: pool.login?.headers };
  if (pool.size > 1 && !mentionsUserNumber(source)) {
    const where = pool.jwt ? 'jwt.claims (e.g. sub: "user-${i}")' : 'the login body or headers (e.g. email: "user${i}@example.com")';
    throw new UserError(`${label}: a pool of ${pool.size} users needs \${i} in ${where}; without it every user is the same identity`);
  }
  const tokens: string[] = new Array(pool.size);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < pool.size && !failed) {
      const i = next++;
      try {
        tokens[i] = await tokenFor(pool, i + 1, ctx, profile);
      } catch (e) {
        // The other workers stop too: no point logging in the rest of a pool that cannot be used.
        failed = true;
        throw e;
      }
    }
  };
  const workers = pool.jwt ? 1 : Math.min(LOGIN_CONCURRENCY, pool.size);
  // Settle every worker before failing, so no login is still in flight once resolveAuth has returned.
  const settled = await Promise.allSettled(Array.from({ length: workers }, worker));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  const distinct = new Set(tokens).size;
  if (distinct < pool.size) {
    throw new UserError(`${label}: the pool of ${pool.size} users produced only ${distinct} distinct tokens; make each user's ${pool.jwt ? 'claims' : 'login'} differ with \${i}`);
  }
  const scheme = pool.login?.scheme;
  return tokens.map((t) => authorizationHeader(t, scheme));
}
