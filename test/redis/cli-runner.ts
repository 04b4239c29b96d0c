// Runs the compiled CLI exactly as bin/limitprobe.js does, from whichever outDir the tests were built
// into. `node --test dist/test/` also loads this file (it sits under test/): without arguments it
// does nothing, so it never counts as a failing test.
import { main } from '../../src/cli/main.js';

if (process.argv.length > 2) await main(process.argv.slice(2));
