#!/usr/bin/env node
// Thin launcher: all logic lives in the compiled CLI so `npx limitprobe` and tests run the same code.
import('../dist/src/cli/main.js').then((m) => m.main(process.argv.slice(2)));
