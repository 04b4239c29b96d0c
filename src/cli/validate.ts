import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';

// Placeholder until the command lands; replaced by its owner.
export const validateCommand: CommandModule = {
  command: 'validate',
  describe: '(not yet available)',
  handler: () => {
    throw new UserError('validate: not implemented yet');
  },
};
