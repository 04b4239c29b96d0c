import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runProbe } from '../../src/ratelimit/probe.js';
import { DEMO_USERS } from '../../src/target/index.js';
import { bearer, codes, explain, findingOf, ORIGIN, probeConfig, statusesOf, STORES, withTarget } from './helpers.js';

const SERVICES = '/api/v1/services';
const BOOKINGS = '/api/v1/bookings';
const [customer, admin] = DEMO_USERS;

for (const store of STORES) {
  describe(`probe verdicts against the target on the ${store} store`, () => {
    test('correct limiter: PASS, first limited at limit + 1', async () => {
      await withTarget(store, { publicLimit: 5, windowMs: 2000 }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES));
        assert.equal(r.verdict, 'pass', explain(r));
        assert.ok(codes(r).includes('LIMIT_ENFORCED'));
        assert.equal(r.firstLimitedAt, 6);
        assert.equal(r.admitted, 5);
        assert.deepEqual(statusesOf(r, 'sequential'), [200, 200, 200, 200, 200, 429, 429, 429]);
      });
    });

    test('correct limiter, every strategy (concurrency, recovery, identity, browser): PASS', async () => {
      await withTarget(store, { publicLimit: 5, windowMs: 1000 }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES, { windowMs: 1000, concurrency: 10, recover: true, origin: ORIGIN }, []));
        assert.equal(r.verdict, 'pass', explain(r));
        assert.deepEqual(r.strategies.map((s) => s.name), ['sequential', 'identity', 'recovery', 'concurrent', 'browser']);
        for (const c of ['LIMIT_ENFORCED', 'CLIENT_VALUE_IGNORED', 'RECOVERED', 'UNDER_RATE_ADMITTED', 'CONCURRENT_WITHIN_LIMIT', 'CORS_ON_LIMITED', 'PREFLIGHT_FREE']) {
          assert.ok(codes(r).includes(c), `${c} missing\n${explain(r)}`);
        }
        assert.equal(statusesOf(r, 'concurrent').filter((s) => s === 200).length, 5);
      });
    });

    test('fault race: concurrent burst over-admits → FAIL CONCURRENT_OVER_LIMIT', async () => {
      await withTarget(store, { publicLimit: 5, windowMs: 2000, faults: ['race'] }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES, { concurrency: 10 }, ['concurrent']));
        assert.equal(r.verdict, 'fail', explain(r));
        const f = findingOf(r, 'CONCURRENT_OVER_LIMIT');
        const admitted = statusesOf(r, 'concurrent').filter((s) => s === 200).length;
        assert.ok(admitted > 5, `admitted ${admitted}`);
        assert.equal(f.evidence?.admitted, admitted);
      });
    });

    test('fault lost-expire: no recovery after the window → FAIL NO_RECOVERY', async () => {
      await withTarget(store, { publicLimit: 3, windowMs: 1000, faults: ['lost-expire'] }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES, { limit: 3, windowMs: 1000, count: 5 }, ['recovery']));
        assert.equal(r.verdict, 'fail', explain(r));
        assert.ok(codes(r).includes('NO_RECOVERY'), explain(r));
        assert.equal(statusesOf(r, 'recovery').at(-1), 429);
      });
    });

    for (const [fault, status] of [['status-503', 503], ['status-403', 403], ['error-body-200', 200]] as const) {
      test(`fault ${fault}: limit enforced with ${status} → FAIL LIMITED_WRONG_STATUS`, async () => {
        await withTarget(store, { publicLimit: 5, windowMs: 2000, faults: [fault] }, async (t) => {
          const r = await runProbe(probeConfig(t.url + SERVICES));
          assert.equal(r.verdict, 'fail', explain(r));
          const f = findingOf(r, 'LIMITED_WRONG_STATUS');
          assert.equal(f.severity, 'fail');
          assert.match(f.message, new RegExp(`${status}`));
          assert.equal(f.evidence?.firstAt, 6);
        });
      });
    }

    test('fault retry-after-ms: → FAIL RETRY_AFTER_MILLISECONDS', async () => {
      await withTarget(store, { publicLimit: 5, windowMs: 2000, faults: ['retry-after-ms'] }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES));
        assert.equal(r.verdict, 'fail', explain(r));
        assert.ok(codes(r).includes('RETRY_AFTER_MILLISECONDS'), explain(r));
        const sent = Number(r.timeline.find((e) => e.status === 429)?.retryAfter?.raw);
        assert.ok(sent > 100 && sent <= 2000, `Retry-After ${sent}`);
      });
    });

    test('fault retry-after-negative: → FAIL RETRY_AFTER_NEGATIVE', async () => {
      await withTarget(store, { publicLimit: 5, windowMs: 2000, faults: ['retry-after-negative'] }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES));
        assert.equal(r.verdict, 'fail', explain(r));
        assert.ok(codes(r).includes('RETRY_AFTER_NEGATIVE'), explain(r));
      });
    });

    test('fault no-cors-on-429: → FAIL CORS_MISSING_ON_LIMITED', async () => {
      await withTarget(store, { publicLimit: 4, windowMs: 1000, faults: ['no-cors-on-429'] }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES, { limit: 4, windowMs: 1000, count: 6, origin: ORIGIN }, ['browser']));
        assert.equal(r.verdict, 'fail', explain(r));
        assert.deepEqual(findingOf(r, 'CORS_MISSING_ON_LIMITED').evidence?.indices, [5, 6]);
      });
    });

    test('fault preflight-consumes: → FAIL PREFLIGHT_CONSUMES_QUOTA', async () => {
      await withTarget(store, { publicLimit: 4, windowMs: 1000, faults: ['preflight-consumes'] }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES, { limit: 4, windowMs: 1000, count: 6, origin: ORIGIN }, ['browser']));
        assert.equal(r.verdict, 'fail', explain(r));
        assert.ok(codes(r).includes('PREFLIGHT_CONSUMES_QUOTA'), explain(r));
      });
    });

    test('fault spoofable-ip: a forged X-Forwarded-For resets the budget → FAIL BUDGET_RESET_BY_CLIENT_VALUE', async () => {
      await withTarget(store, { publicLimit: 5, windowMs: 2000, faults: ['spoofable-ip'] }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES, {}, ['identity']));
        assert.equal(r.verdict, 'fail', explain(r));
        assert.ok(codes(r).includes('BUDGET_RESET_BY_CLIENT_VALUE'), explain(r));
        assert.equal(r.timeline.find((e) => e.identity === 'A+xff')?.status, 200);
      });
    });

    test('fault no-rate-headers: still PASS (Retry-After sent), with NO_LIMIT_HEADERS noted', async () => {
      await withTarget(store, { publicLimit: 5, windowMs: 2000, faults: ['no-rate-headers'] }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES));
        assert.equal(r.verdict, 'pass', explain(r));
        assert.ok(codes(r).includes('NO_LIMIT_HEADERS'));
      });
    });

    test('per-user route: exhausting user A leaves user B admitted → PASS IDENTITY_ISOLATED', async () => {
      await withTarget(store, { userLimit: 5, publicLimit: 50, windowMs: 2000 }, async (t) => {
        const a = await bearer(t.url, customer.email, customer.password);
        const b = await bearer(t.url, admin.email, admin.password);
        const r = await runProbe(probeConfig(t.url + BOOKINGS, { scope: 'user', headers: { authorization: `Bearer ${a}` }, otherHeaders: { authorization: `Bearer ${b}` } }, ['identity']));
        assert.equal(r.verdict, 'pass', explain(r));
        assert.ok(codes(r).includes('IDENTITY_ISOLATED'));
        assert.ok(!JSON.stringify(r).includes(a) && !JSON.stringify(r).includes(b), 'tokens must not appear in the report');
      });
    });

    test('declared per-user but keyed per IP: B limited with A → FAIL IDENTITY_NOT_ISOLATED', async () => {
      await withTarget(store, { publicLimit: 5, windowMs: 2000 }, async (t) => {
        const a = await bearer(t.url, customer.email, customer.password);
        const b = await bearer(t.url, admin.email, admin.password);
        // The logins used 2 of the IP's 5; wait for them to leave the window.
        await new Promise((r) => setTimeout(r, 2100));
        const r = await runProbe(probeConfig(t.url + SERVICES, { scope: 'user', headers: { authorization: `Bearer ${a}` }, otherHeaders: { authorization: `Bearer ${b}` } }, ['identity']));
        assert.equal(r.verdict, 'fail', explain(r));
        assert.ok(codes(r).includes('IDENTITY_NOT_ISOLATED'), explain(r));
      });
    });

    test('trusted forwarding header (target --trust-proxy): two client addresses are isolated → PASS IDENTITY_ISOLATED', async () => {
      await withTarget(store, { publicLimit: 5, windowMs: 2000, trustProxy: true }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES, { forwardedHeader: 'X-Forwarded-For' }, ['identity']));
        assert.equal(r.verdict, 'pass', explain(r));
        assert.ok(codes(r).includes('IDENTITY_ISOLATED'), explain(r));
        assert.ok(!codes(r).includes('BUDGET_RESET_BY_CLIENT_VALUE'));
      });
    });

    test('forwarding header declared trusted but the service keys on the socket address → FAIL IDENTITY_NOT_ISOLATED', async () => {
      await withTarget(store, { publicLimit: 5, windowMs: 2000 }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES, { forwardedHeader: 'X-Forwarded-For' }, ['identity']));
        assert.equal(r.verdict, 'fail', explain(r));
        assert.ok(codes(r).includes('IDENTITY_NOT_ISOLATED'), explain(r));
      });
    });

    test('more admitted than declared (limit 2 declared, server allows 8) → FAIL ADMITTED_OVER_LIMIT', async () => {
      await withTarget(store, { publicLimit: 8, windowMs: 2000 }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES, { limit: 2, count: 10 }));
        assert.equal(r.verdict, 'fail', explain(r));
        assert.equal(findingOf(r, 'ADMITTED_OVER_LIMIT').evidence?.admittedInOneWindow, 8);
        assert.ok(codes(r).includes('DECLARED_LIMIT_MISMATCH'));
      });
    });

    test('server admits 8, declared 5: the reset headers rule out a window edge → FAIL ADMITTED_OVER_LIMIT', async () => {
      await withTarget(store, { publicLimit: 8, windowMs: 2000 }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES, { limit: 5, count: 10 }));
        assert.equal(r.verdict, 'fail', explain(r));
        assert.equal(findingOf(r, 'ADMITTED_OVER_LIMIT').evidence?.admittedInOneWindow, 8);
      });
    });

    test('server admits 8, declared 5, no headers: a fixed-window edge cannot be ruled out → INCONCLUSIVE WINDOW_EDGE_AMBIGUOUS', async () => {
      await withTarget(store, { publicLimit: 8, windowMs: 2000, faults: ['no-rate-headers'] }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES, { limit: 5, count: 10 }));
        assert.equal(r.verdict, 'inconclusive', explain(r));
        assert.ok(codes(r).includes('WINDOW_EDGE_AMBIGUOUS'), explain(r));
      });
    });

    test('limited sooner than declared without headers → FAIL LIMITED_TOO_EARLY', async () => {
      await withTarget(store, { publicLimit: 4, windowMs: 2000, faults: ['no-rate-headers'] }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES, { limit: 8, count: 10 }));
        assert.equal(r.verdict, 'fail', explain(r));
        assert.equal(findingOf(r, 'LIMITED_TOO_EARLY').evidence?.admittedBefore, 4);
      });
    });

    test('limited sooner than declared, headers advertise the smaller limit → FAIL LIMITED_TOO_EARLY naming both limits', async () => {
      await withTarget(store, { publicLimit: 4, windowMs: 2000 }, async (t) => {
        const r = await runProbe(probeConfig(t.url + SERVICES, { limit: 8, count: 10 }));
        assert.equal(r.verdict, 'fail', explain(r));
        assert.equal(findingOf(r, 'LIMITED_TOO_EARLY').evidence?.advertised, 4);
        assert.ok(!codes(r).includes('PRIOR_CONSUMPTION'), explain(r));
        assert.equal(findingOf(r, 'DECLARED_LIMIT_MISMATCH').evidence?.advertised, 4);
      });
    });

    for (const [dialect, kind] of [['legacy', 'epoch-seconds'], ['draft7', 'delta-seconds'], ['draft8', 'delta-seconds']] as const) {
      test(`header dialect ${dialect}: parsed, reset read as ${kind}, PASS`, async () => {
        await withTarget(store, { publicLimit: 5, windowMs: 2000, headers: dialect }, async (t) => {
          const r = await runProbe(probeConfig(t.url + SERVICES));
          assert.equal(r.verdict, 'pass', explain(r));
          const f = r.findings.find((x) => x.code === 'RESET_FORMAT' && x.evidence?.dialect === dialect);
          assert.equal(f?.evidence?.resetKind, kind, explain(r));
          assert.deepEqual(r.timeline.slice(0, 5).map((e) => e.limits?.remaining), [4, 3, 2, 1, 0]);
        });
      });
    }
  });
}
