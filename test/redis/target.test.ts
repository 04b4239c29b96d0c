import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type RunningTarget, type TargetOptions } from '../../src/target/index.js';
import { captureBefore, type ChangedKey } from '../../src/redis/probe-join.js';
import { inspectRedis } from '../../src/redis/inspect.js';
import { runCli, sharedClient, SHARED_URL, uniqueTag, waitForMonitor, suiteRedis } from './helpers.js';

/*
 * The embedded target on a real Redis, driven by real HTTP traffic to its per-IP limited route
 * (GET /api/v1/services, src/target/route-table.ts). Identities are kept apart with X-Forwarded-For
 * (trustProxy). Inventory tests use the shared 6379 under a unique key prefix; the MONITOR tests use
 * a private redis-server, because MONITOR sees every client of a server.
 */
const LIMIT = 5;
const WINDOW_MS = 60_000;
const ROUTE = '/api/v1/services';

async function target(redis: string, keyPrefix: string, extra: Partial<TargetOptions> = {}): Promise<RunningTarget> {
  return startTarget({ port: 0, redis, keyPrefix, publicLimit: LIMIT, windowMs: WINDOW_MS, trustProxy: true, quiet: true, ...extra });
}

async function get(t: RunningTarget, ip: string): Promise<number> {
  const res = await fetch(`${t.url}${ROUTE}`, { headers: { 'x-forwarded-for': ip } });
  await res.arrayBuffer();
  return res.status;
}

/** `n` sequential GETs as client `ip`; returns how many were admitted (2xx) and how many limited (429). */
async function hit(t: RunningTarget, ip: string, n: number): Promise<{ admitted: number; limited: number }> {
  let admitted = 0;
  let limited = 0;
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${t.url}${ROUTE}`, { headers: { 'x-forwarded-for': ip } });
    await res.arrayBuffer();
    if (res.status >= 200 && res.status < 300) admitted++;
    else if (res.status === 429) limited++;
    else throw new Error(`unexpected status ${res.status} from the target`);
  }
  return { admitted, limited };
}

describe('embedded target on the shared Redis: the probe join and inspect find its keys', () => {
  const tag = uniqueTag();
  const root = `limitprobe:rl:${tag}:`;
  let shared: Awaited<ReturnType<typeof sharedClient>>;
  before(async () => {
    shared = await sharedClient(root);
  });
  after(async () => {
    await shared.cleanup();
  });

  for (const algorithm of ['sliding', 'fixed'] as const) {
    test(`${algorithm}: keys created by the traffic, counts match what the library records`, async () => {
      const prefix = `${root}${algorithm}:`;
      const t = await target(SHARED_URL, prefix, { algorithm });
      try {
        const cap = await captureBefore({ url: SHARED_URL, match: [`${prefix}*`] });
        const a = await hit(t, '192.0.2.10', 8);
        const b = await hit(t, '192.0.2.11', 3);
        assert.deepEqual([a, b], [{ admitted: 5, limited: 3 }, { admitted: 3, limited: 0 }]);
        const res = await cap.finish({ requests: 11, admitted: 8, identities: 2, limit: LIMIT, windowMs: WINDOW_MS });
        const keys = (res.keys as ChangedKey[]).slice().sort((x, y) => x.key.localeCompare(y.key));
        assert.equal(keys.length, 2, JSON.stringify(keys));
        assert.ok(keys.every((k) => k.change === 'created' && k.library === 'limitprobe-target'));
        assert.deepEqual(keys.map((k) => k.identity), ['ip:192.0.2.10', 'ip:192.0.2.11']);
        // The sliding log stores admitted requests only; the fixed counter counts limited ones too.
        assert.deepEqual(keys.map((k) => k.countDelta), algorithm === 'sliding' ? [5, 3] : [8, 3]);
        assert.deepEqual(res.findings.filter((f) => f.severity !== 'info'), [], JSON.stringify(res.findings));

        const report = await inspectRedis({ url: SHARED_URL, match: [`${prefix}*`], declared: { limit: LIMIT, windowMs: WINDOW_MS } });
        assert.deepEqual(report.keys.map((k) => k.key).sort(), keys.map((k) => k.key));
        assert.ok(report.keys.every((k) => k.pttlMs > 0 && k.pttlMs <= WINDOW_MS), 'TTL within the window');
        assert.equal(report.verdict, 'pass', JSON.stringify(report.findings));
      } finally {
        await t.close();
      }
    });

    test(`${algorithm}: fault lost-expire is flagged FAIL (PTTL -1)`, async () => {
      const prefix = `${root}${algorithm}-lost:`;
      const t = await target(SHARED_URL, prefix, { algorithm, faults: ['lost-expire'] });
      try {
        await hit(t, '192.0.2.20', 3);
        const report = await inspectRedis({ url: SHARED_URL, match: [`${prefix}*`], declared: { limit: LIMIT, windowMs: WINDOW_MS } });
        assert.equal(report.keys.length, 1);
        const k = report.keys[0];
        assert.equal(k.library, 'limitprobe-target');
        assert.equal(k.ttl, 'none');
        assert.deepEqual(k.findings, ['REDIS_KEY_NO_TTL']);
        assert.equal(report.verdict, 'fail');
        // Checked independently of the inspector: the key really has no expiry.
        assert.equal(await shared.client.pttl(k.key), -1);
      } finally {
        await t.close();
      }
    });
  }

  test('CLI inspect on the target keys: table lists them, exit 0', async () => {
    const prefix = `${root}cli:`;
    const t = await target(SHARED_URL, prefix);
    try {
      await hit(t, '192.0.2.30', 2);
      const r = await runCli(['inspect', '--redis', SHARED_URL, '--match', `${prefix}*`, '--limit', String(LIMIT), '--window', '60s']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`${prefix}ip:192\\.0\\.2\\.30`));
      assert.match(r.stdout, /limitprobe-target/);
      assert.match(r.stdout, /2 entries, oldest/);
      assert.match(r.stdout, /Verdict: PASS/);
    } finally {
      await t.close();
    }
  });
});

describe('embedded target on a private Redis: inspect --watch (MONITOR) classifies its limiter', () => {
  const srv = suiteRedis();

  for (const algorithm of ['sliding', 'fixed'] as const) {
    for (const race of [false, true]) {
      test(`${algorithm}${race ? ' with fault race' : ''}: ${race ? 'not atomic, check-then-act' : 'atomic Lua script'}`, async () => {
        const prefix = `limitprobe:rl:${algorithm}-${race ? 'race' : 'lua'}:`;
        const t = await target(srv.url, prefix, { algorithm, faults: race ? ['race'] : [] });
        try {
          const cli = runCli(['inspect', '--redis', srv.url, '--watch', '4s', '--match', `${prefix}*`, '--json']);
          await waitForMonitor(srv);
          // A concurrent burst of 20 from one client, limit 5: the race lets more than 5 through.
          const statuses = await Promise.all(Array.from({ length: 20 }, () => get(t, '192.0.2.40')));
          const admitted = statuses.filter((x) => x === 200).length;
          if (race) assert.ok(admitted > LIMIT, `race over-admits (${admitted} of 20 admitted, limit ${LIMIT})`);
          else assert.equal(admitted, LIMIT);
          const r = await cli;
          const report = JSON.parse(r.stdout);
          const f = report.forensics;
          assert.equal(f.atomic, !race, JSON.stringify(f));
          assert.equal(f.requests, 20, JSON.stringify(f));
          if (race) {
            assert.equal(r.code, 1, 'a check-then-act limiter fails the inspection');
            const ct = f.findings.find((x: { code: string }) => x.code === 'REDIS_CHECK_THEN_ACT');
            assert.ok(ct && ct.severity === 'fail', JSON.stringify(f.findings));
            assert.equal(f.mechanism, 'separate commands');
          } else {
            assert.equal(r.code, 0, r.stderr);
            assert.equal(f.mechanism, 'lua script');
            assert.equal(f.commandsPerRequest, 1);
            assert.ok(f.findings.some((x: { code: string }) => x.code === 'REDIS_LIMITER_ATOMIC'));
          }
          assert.match(f.algorithm ?? '', algorithm === 'sliding' ? /sliding log/ : /fixed window counter/);
          assert.equal(report.keys.length, 1);
          assert.equal(report.keys[0].library, 'limitprobe-target');
        } finally {
          await t.close();
        }
      });
    }
  }
});
