import { EXIT, type ExitCode } from './exit-codes.js';

/**
 * An error the user caused (bad flag, bad scenario, unreachable host...). The CLI prints only its
 * message (never a stack trace) and exits with its code. Messages name the file/flag/host, the
 * value, and what would be valid.
 */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: ExitCode = EXIT.usage) {
    super(message);
    this.name = 'UserError';
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
