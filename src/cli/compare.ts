import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';

// Placeholder until the command lands; replaced by its owner.
export const compareCommand: CommandModule = {
  command: 'compare',
  describe: '(not yet available)',
  handler: () => {
    throw new UserError('compare: not implemented yet');
  },
};
