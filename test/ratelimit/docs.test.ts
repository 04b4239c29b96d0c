import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCodes } from '../../src/ratelimit/codes.js';
import { BIN } from './helpers.js';

test('docs/probe.md explains every finding code the probe can emit', () => {
  const doc = readFileSync(join(BIN, '..', '..', 'docs', 'probe.md'), 'utf8');
  const missing = [...allCodes(), 'REDIS_PROBE_UNAVAILABLE'].filter((c) => !doc.includes(`| \`${c}\` |`));
  assert.deepEqual(missing, []);
});
