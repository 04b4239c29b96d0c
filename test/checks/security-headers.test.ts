import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type RunningTarget } from '../../src/target/index.js';
import { runChecks } from '../../src/checks/index.js';
import type { CheckResult } from '../../src/model/result.js';
import { SECURITY_HEADER_NAMES } from '../target/helpers.js';
import { startServerWithHeaders } from './bare-server.js';
import { assertWellFormed } from './assert-results.js';

const SEVEN = [
  'Strict-Transport-Security', 'X-Content-Type-Options', 'X-Frame-Options', 'X-XSS-Protection',
  'Content-Security-Policy', 'Referrer-Policy', 'Permissions-Policy',
];

const HARDENED: Record<string, string> = {
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-XSS-Protection': '1; mode=block',
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:",
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), geolocation=(self "https://maps.example")',
};

async function preset(url: string, method = 'GET'): Promise<CheckResult[]> {
  const results = await runChecks(url, { method, headers: {} }, { preset: 'security-headers' }, 'sec', 5000);
  assertWellFormed(results, 'sec');
  return results;
}

function byHeader(results: CheckResult[]): Map<string, CheckResult> {
  return new Map(results.map((r) => [r.name.replace(/^security-headers /, ''), r]));
}

async function presetOn(headers: Record<string, string>): Promise<Map<string, CheckResult>> {
  const server = await startServerWithHeaders(headers);
  try {
    return byHeader(await preset(`${server.url}/`));
  } finally {
    await server.close();
  }
}

describe('security-headers preset', () => {
  let target: RunningTarget;
  before(async () => {
    target = await startTarget({ port: 0, quiet: true, publicLimit: 1 });
  });
  after(() => target.close());

  it('the preset is the seven headers the target test suite also lists', () => {
    assert.deepEqual(SEVEN.map((h) => h.toLowerCase()).sort(), [...SECURITY_HEADER_NAMES].sort());
  });

  it('passes all seven, each its own result, on every kind of target answer (200, HTML, 401, 404, 429)', async () => {
    // Public limit 1: the unauthenticated /bookings call spends the IP budget, so /services is a 429.
    const answers: Array<[string, number]> = [['/health', 200], ['/docs', 200], ['/api/v1/bookings', 401], ['/nope', 404], ['/api/v1/services', 429]];
    for (const [path, status] of answers) {
      const results = await runChecks(target.url + path, { method: 'GET', headers: {} }, { status, preset: 'security-headers' }, 'sec', 5000);
      assert.equal(results[0].passed, true, `${path}: ${results[0].message}`);
      const sec = results.slice(1);
      assert.deepEqual(sec.map((r) => r.name), SEVEN.map((h) => `security-headers ${h}`), path);
      for (const r of sec) assert.equal(r.passed, true, `${path}: ${r.message}`);
    }
  });

  it('passes on another hardened server with different, equally valid values', async () => {
    const results = await presetOn(HARDENED);
    for (const h of SEVEN) assert.equal(results.get(h)?.passed, true, `${h}: ${results.get(h)?.message}`);
  });

  it('fails each of the seven on a plain node:http server that sends none of them', async () => {
    const results = await presetOn({});
    assert.equal(results.size, 7);
    for (const h of SEVEN) {
      const r = results.get(h);
      assert.equal(r?.passed, false, h);
      assert.match(r.message, new RegExp(`^expected ${h} .*, got no such header$`));
    }
  });

  it('fails a CSP with a trailing ";" and one with an empty directive, the others still pass', async () => {
    const trailing = await presetOn({ ...HARDENED, 'Content-Security-Policy': "default-src 'self';" });
    assert.equal(trailing.get('Content-Security-Policy')?.passed, false);
    assert.match(trailing.get('Content-Security-Policy')!.message, /: it ends with a trailing ";"/);
    for (const h of SEVEN.filter((x) => x !== 'Content-Security-Policy')) assert.equal(trailing.get(h)?.passed, true, h);

    const empty = await presetOn({ ...HARDENED, 'Content-Security-Policy': "default-src 'self';; img-src 'self'" });
    assert.equal(empty.get('Content-Security-Policy')?.passed, false);
    assert.match(empty.get('Content-Security-Policy')!.message, /: directive 2 is empty/);
  });

  it('fails weak values of every header with the reason', async () => {
    const results = await presetOn({
      'Strict-Transport-Security': 'max-age=300',
      'X-Content-Type-Options': 'sniff',
      'X-Frame-Options': 'ALLOW-FROM https://example.com',
      'X-XSS-Protection': '1',
      'Content-Security-Policy': ' ',
      'Referrer-Policy': 'unsafe-url',
      'Permissions-Policy': 'camera',
    });
    for (const h of SEVEN) assert.equal(results.get(h)?.passed, false, `${h}: ${results.get(h)?.message}`);
    assert.match(results.get('Strict-Transport-Security')!.message, /max-age 300 is below 15768000/);
    assert.match(results.get('Referrer-Policy')!.message, /unsafe-url leaks/);
  });
});
