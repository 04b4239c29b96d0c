/** What every token source needs to know about the run it serves. */
export interface AuthContext {
  baseUrl: string;
  defaultHeaders: Record<string, string>;
  timeoutMs: number;
  /** The scenario file name, first thing in every message. */
  where: string;
  /**
   * Names of the profiles requests refer to (request.auth, otherAuth). When given, only those are
   * resolved, so an unused login profile never sends a request; when absent, every profile is.
   */
  used?: Iterable<string>;
}

/** `scenarios/x.yaml: auth profile "admin"` or `... auth profile "users" (user 3 of 25)`. */
export function profileLabel(ctx: AuthContext, profile: string, user?: { n: number; of: number }): string {
  return `${ctx.where}: auth profile "${profile}"${user ? ` (user ${user.n} of ${user.of})` : ''}`;
}
