import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';

// Placeholder until the command lands; replaced by its owner.
export const probeCommand: CommandModule = {
  command: 'probe',
  describe: '(not yet available)',
  handler: () => {
    throw new UserError('probe: not implemented yet');
  },
};
