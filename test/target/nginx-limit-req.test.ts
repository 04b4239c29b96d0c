import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runProbe } from '../../src/ratelimit/probe.js';
import { codes, explain, findingOf, probeConfig } from '../ratelimit/helpers.js';
import { nginxBinary, startNginx, type RunningNginx } from '../ratelimit/nginx-server.js';

const bin = nginxBinary();

/**
 * nginx limit_req is a leaky bucket keyed here by client address: `rate` is the leak rate, `burst`
 * the queue, `nodelay` answers queued requests at once. Defaults answer 503 when limited.
 */
const HTTP = (port: number) => `
  limit_req_zone $binary_remote_addr zone=dflt:1m rate=1r/s;
  limit_req_zone $binary_remote_addr zone=burst:1m rate=2r/s;
  limit_req_zone $binary_remote_addr zone=strict:1m rate=5r/s;
  limit_req_zone $binary_remote_addr zone=ra1:1m rate=1r/s;
  limit_req_zone $binary_remote_addr zone=ra2:1m rate=1r/s;
  limit_req_zone $binary_remote_addr zone=ra3:1m rate=1r/s;
  limit_req_zone $binary_remote_addr zone=ra4:1m rate=1r/s;
  limit_req_zone $binary_remote_addr zone=ra5:1m rate=1r/s;
  server {
    listen 127.0.0.1:${port};
    root %ROOT%;
    default_type application/json;
    location = /default { limit_req zone=dflt; try_files /items.json =404; }
    location = /burst { limit_req zone=burst burst=4 nodelay; limit_req_status 429; try_files /items.json =404; }
    location = /strict { limit_req zone=strict; limit_req_status 429; try_files /items.json =404; }
    location = /open { try_files /items.json =404; }
    location = /ra-frac { limit_req zone=ra1; limit_req_status 429; add_header Retry-After "1.5" always; try_files /items.json =404; }
    location = /ra-long { limit_req zone=ra2; limit_req_status 429; add_header Retry-After "3600" always; try_files /items.json =404; }
    location = /ra-epoch { limit_req zone=ra3; limit_req_status 429; add_header Retry-After "1735732800" always; try_files /items.json =404; }
    location = /ra-date { limit_req zone=ra4; limit_req_status 429; add_header Retry-After "Wed, 21 Oct 2015 07:28:00 GMT" always; try_files /items.json =404; }
    location = /neg-remaining { limit_req zone=ra5; limit_req_status 429; add_header Retry-After "1" always; add_header X-RateLimit-Limit "1" always; add_header X-RateLimit-Remaining "-1" always; try_files /items.json =404; }
    location = /old { return 301 /open; }
  }`;

describe('nginx limit_req', { skip: bin === null ? 'nginx is not installed (apt-get install nginx)' : false }, () => {
  let nginx: RunningNginx;
  before(async () => {
    nginx = await startNginx(bin!, HTTP);
  });
  after(async () => {
    await nginx?.stop();
  });

  test('default settings answer 503 when limiting → FAIL LIMITED_WRONG_STATUS', async () => {
    const r = await runProbe(probeConfig(`${nginx.url}/default`, { limit: 1, windowMs: 1000, count: 4 }));
    assert.equal(r.verdict, 'fail', explain(r));
    const f = findingOf(r, 'LIMITED_WRONG_STATUS');
    assert.deepEqual(f.evidence?.statuses, { 503: 3 });
    assert.deepEqual(r.timeline.map((e) => e.status), [200, 503, 503, 503]);
  });

  test('limit_req_status 429 with burst=4 nodelay, declared as a token bucket: PASS, burst tolerance explained', async () => {
    // rate 2r/s with a burst of 4 = a bucket of 5 refilled 5 per 2.5 s.
    const r = await runProbe(probeConfig(`${nginx.url}/burst`, { limit: 5, windowMs: 2500, count: 10, algorithm: 'token-bucket' }));
    assert.equal(r.verdict, 'pass', explain(r));
    const f = findingOf(r, 'BURST_TOLERANCE');
    assert.equal(f.evidence?.admittedBeforeFirstLimit, 5);
    assert.match(f.message, /burst tolerance ≈ 4 beyond the first/);
    assert.equal(r.firstLimitedAt, 6);
    assert.ok(codes(r).includes('RETRY_AFTER_MISSING'), 'nginx sends no Retry-After');
  });

  test('limit_req_status 429 without burst, declared as 5 per second fixed window → FAIL LIMITED_TOO_EARLY (leaky bucket admits one per 200 ms)', async () => {
    const r = await runProbe(probeConfig(`${nginx.url}/strict`, { limit: 5, windowMs: 1000, count: 8, algorithm: 'fixed' }));
    assert.equal(r.verdict, 'fail', explain(r));
    assert.equal(findingOf(r, 'LIMITED_TOO_EARLY').evidence?.admittedBefore, 1);
  });

  test('a location without limit_req: all admitted, no headers → FAIL LIMIT_NOT_ENFORCED', async () => {
    const r = await runProbe(probeConfig(`${nginx.url}/open`, { limit: 5, windowMs: 1000, count: 8 }));
    assert.equal(r.verdict, 'fail', explain(r));
    assert.equal(findingOf(r, 'LIMIT_NOT_ENFORCED').evidence?.admitted, 8);
  });

  for (const [path, code] of [['/ra-frac', 'RETRY_AFTER_FRACTIONAL'], ['/ra-long', 'RETRY_AFTER_TOO_LONG'], ['/ra-epoch', 'RETRY_AFTER_EPOCH']] as const) {
    test(`Retry-After on 429 via add_header (${path}) → FAIL ${code}`, async () => {
      const r = await runProbe(probeConfig(`${nginx.url}${path}`, { limit: 1, windowMs: 1000, count: 3 }));
      assert.equal(r.verdict, 'fail', explain(r));
      assert.equal(findingOf(r, code).evidence?.answers, 2);
    });
  }

  test('Retry-After as an HTTP-date is valid → PASS, no Retry-After finding', async () => {
    const r = await runProbe(probeConfig(`${nginx.url}/ra-date`, { limit: 1, windowMs: 1000, count: 3 }));
    assert.equal(r.verdict, 'pass', explain(r));
    assert.ok(!codes(r).some((c) => c.startsWith('RETRY_AFTER')), explain(r));
    assert.equal(r.timeline.find((e) => e.status === 429)?.retryAfter?.kind, 'http-date');
  });

  test('X-RateLimit-Remaining -1 → REMAINING_NEGATIVE noted', async () => {
    const r = await runProbe(probeConfig(`${nginx.url}/neg-remaining`, { limit: 1, windowMs: 1000, count: 3 }));
    assert.ok(codes(r).includes('REMAINING_NEGATIVE'), explain(r));
    assert.equal(r.verdict, 'pass', explain(r));
  });

  test('a redirect (301) → INCONCLUSIVE ROUTE_REDIRECTS', async () => {
    const r = await runProbe(probeConfig(`${nginx.url}/old`));
    assert.equal(r.verdict, 'inconclusive', explain(r));
    assert.ok(codes(r).includes('ROUTE_REDIRECTS'));
  });
});
