import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';

// Placeholder until the command lands; replaced by its owner.
export const reportCommand: CommandModule = {
  command: 'report',
  describe: '(not yet available)',
  handler: () => {
    throw new UserError('report: not implemented yet');
  },
};
