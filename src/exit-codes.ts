/** Process exit codes shared by every command (documented in README "Exit codes"). */
export const EXIT = {
  /** Everything passed. */
  ok: 0,
  /** A check, threshold or verdict failed. */
  failed: 1,
  /** Usage error: bad flag, bad scenario, unreachable Redis for `inspect`. */
  usage: 2,
  /** A verdict was inconclusive: the tool could not see enough to judge. */
  inconclusive: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
