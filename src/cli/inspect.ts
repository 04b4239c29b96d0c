import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';

// Placeholder until the command lands; replaced by its owner.
export const inspectCommand: CommandModule = {
  command: 'inspect',
  describe: '(not yet available)',
  handler: () => {
    throw new UserError('inspect: not implemented yet');
  },
};
