import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';

// Placeholder until the command lands; replaced by its owner.
export const targetCommand: CommandModule = {
  command: 'target',
  describe: '(not yet available)',
  handler: () => {
    throw new UserError('target: not implemented yet');
  },
};
