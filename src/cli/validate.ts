import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { loadScenario } from '../scenario/load.js';
import { EXIT } from '../exit-codes.js';
import { wantsEmbedded } from '../run/embedded.js';

interface ValidateArgs {
  scenario: string[];
}

/** Checks scenario files without sending a request: schema, variables, names, thresholds. */
export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate <scenario..>',
  describe: 'Check scenario files against the schema without sending any request',
  builder: (y: Argv) =>
    y
      .positional('scenario', { type: 'string', array: true, demandOption: true, describe: 'Scenario file(s)' })
      .example('$0 validate scenarios/*.yaml', 'Check every shipped scenario')
      .epilogue('Exit codes: 0 every file is valid, 2 a file has problems (each is listed with file:line:col, path, value and what is allowed).') as unknown as Argv<ValidateArgs>,
  handler: async (args: ArgumentsCamelCase<ValidateArgs>) => {
    let bad = 0;
    for (const file of args.scenario) {
      try {
        const { scenario } = await loadScenario(String(file));
        const target = wantsEmbedded(scenario.target) ? 'embedded target' : scenario.target;
        const kinds = scenario.phases.map((p) => `${p.name} (${p.kind})`).join(', ');
        process.stdout.write(`${file}: valid — "${scenario.name}" against ${target}; ${scenario.phases.length} phase${scenario.phases.length === 1 ? '' : 's'}: ${kinds}\n`);
      } catch (e) {
        bad++;
        process.stderr.write(`${(e as Error).message}\n`);
      }
    }
    process.exitCode = bad ? EXIT.usage : EXIT.ok;
  },
};
