import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';

// Placeholder until the command lands; replaced by its owner.
export const runCommand: CommandModule = {
  command: 'run',
  describe: '(not yet available)',
  handler: () => {
    throw new UserError('run: not implemented yet');
  },
};
