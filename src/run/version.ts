import { createRequire } from 'node:module';

/** The package version, read once from package.json (works from src/ and from dist/src/). */
const require = createRequire(import.meta.url);
export const TOOL_VERSION: string = (() => {
  for (const p of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(p) as { name?: string; version?: string };
      if (pkg.name === 'limitprobe' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
})();
