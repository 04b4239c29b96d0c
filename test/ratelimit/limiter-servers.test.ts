import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { runProbe } from '../../src/ratelimit/probe.js';
import type { ProbeConfig } from '../../src/ratelimit/types.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { RunResult } from '../../src/model/result.js';
import { codes, explain, findingOf, probeConfig } from './helpers.js';

/**
 * Small limiters written the way real services get them wrong (or right in awkward ways), each in
 * its own process on loopback (test/ratelimit/servers/). Every one of these once drew a confident
 * wrong verdict; the expected verdicts are what the limiter's code does, read off its source.
 */
const children: ChildProcess[] = [];
after(() => children.forEach((c) => c.kill()));

async function server(file: string, env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, [join(ROOT, 'test/ratelimit/servers', file)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = /port (\d+)/.exec(chunk.toString())?.[1];
  assert.ok(port, `server ${file} printed its port`);
  return `http://127.0.0.1:${port}`;
}

/** Runs a scenario file against `url` through the CLI and returns its JSON result. */
async function runScenarioAt(url: string, yaml: string): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'limitprobe-scenario-'));
  const file = join(dir, 'scenario.yaml');
  await writeFile(file, yaml);
  const out = join(dir, 'out.json');
  await runCli(['run', file, '--target', url, '--out', out], { timeoutMs: 60_000 });
  return JSON.parse(await readFile(out, 'utf8')) as RunResult;
}

const probe = async (url: string, over: Partial<ProbeConfig>, strategies: ProbeConfig['strategies'] = ['sequential']) =>
  runProbe(probeConfig(url, { limit: 10, count: 15, ...over }, strategies));

describe('over-admission that looks like a window edge is FAIL', () => {
  for (const algorithm of ['unknown', 'fixed'] as const) {
    test(`a counter deleted when it rejects (--algorithm ${algorithm}): the stream is extended until a second "edge" shows it → ADMITTED_OVER_LIMIT`, async () => {
      const r = await probe(`${await server('resetonreject.cjs')}/api/items`, { windowMs: 60_000, algorithm });
      assert.equal(r.verdict, 'fail', explain(r));
      assert.match(findingOf(r, "ADMITTED_OVER_LIMIT").message, /both admitted right after limited answers, only \d+ms apart|more than even a fixed-window edge/);
      assert.ok(codes(r).includes('EDGE_CONFIRMATION'), explain(r));
      assert.ok(!codes(r).includes('WINDOW_EDGE_BURST'), explain(r));
    });
  }

  for (const algorithm of ['unknown', 'fixed'] as const) {
    test(`bare 429s (no headers) from a counter deleted on rejection, and from split counters (--algorithm ${algorithm}) → ADMITTED_OVER_LIMIT`, async () => {
      for (const file of ['forgetbare.cjs', 'twoinstbare.cjs']) {
        const r = await probe(`${await server(file)}/api/items`, { windowMs: 60_000, algorithm, scope: 'user' });
        assert.equal(r.verdict, 'fail', `${file}: ${explain(r)}`);
        assert.ok(codes(r).includes('ADMITTED_OVER_LIMIT'), `${file}: ${explain(r)}`);
      }
    });
  }

  test('two limiter instances with their own counters behind round robin → ADMITTED_OVER_LIMIT', async () => {
    const r = await probe(`${await server('twoinst.cjs')}/api/items`, { windowMs: 60_000 });
    assert.equal(r.verdict, 'fail', explain(r));
    assert.ok(codes(r).includes('ADMITTED_OVER_LIMIT'), explain(r));
  });

  test('control: an epoch-aligned fixed window whose edges fall inside a slow probe → PASS', async () => {
    const url = await server('fixed.cjs', { L: '10', W: '1000', DELAY: '60' });
    const r = await probe(`${url}/api/items`, { windowMs: 1000, count: 25, algorithm: 'fixed' });
    assert.equal(r.verdict, 'pass', explain(r));
  });
});

test('a limiter keyed on True-Client-IP (a header clients can send) → BUDGET_RESET_BY_CLIENT_VALUE', async () => {
  const r = await probe(`${await server('keyhdr.cjs')}/api/items`, {}, ['sequential', 'identity']);
  assert.equal(r.verdict, 'fail', explain(r));
  assert.ok(codes(r).includes('BUDGET_RESET_BY_CLIENT_VALUE'), explain(r));
});

describe('--recover on short windows', () => {
  test('a sliding log whose Retry-After (4 s) is twice the declared 2 s window → RETRY_AFTER_TOO_LONG', async () => {
    const r = await probe(`${await server('sliding1.cjs', { L: '5', W: '3900' })}/api/items`, { limit: 5, windowMs: 2000, algorithm: 'sliding', recover: true, scope: 'user' }, ['sequential', 'recovery']);
    assert.equal(r.verdict, 'fail', explain(r));
    assert.ok(codes(r).includes('RETRY_AFTER_TOO_LONG'), explain(r));
  });

  test('a correct 1-per-second sliding log with jitter → recovered, no under-rate check for a limit of 1, PASS', async () => {
    const r = await probe(`${await server('sliding1j.cjs', { JITTER: '100' })}/api/items`, { limit: 1, windowMs: 1000, count: 3, algorithm: 'sliding', recover: true, scope: 'user' }, ['sequential', 'recovery']);
    assert.equal(r.verdict, 'pass', explain(r));
    assert.ok(!codes(r).includes('UNDER_RATE_LIMITED'), explain(r));
  });
});

describe('concurrent bursts: a race is not excused as a window edge, an edge without evidence is not called a race', () => {
  for (const algorithm of ['unknown', 'token-bucket'] as const) {
    test(`a token bucket with a check-then-set race (time-to-full resets climbing in one window), --algorithm ${algorithm} → CONCURRENT_OVER_LIMIT`, async () => {
      const r = await probe(`${await server('racytb.cjs', { L: '10', W: '4000' })}/api/items`, { windowMs: 4000, concurrency: 2, count: 20, algorithm, scope: 'user' }, ['concurrent']);
      assert.equal(r.verdict, 'fail', explain(r));
      assert.ok(codes(r).includes('CONCURRENT_OVER_LIMIT'), explain(r));
    });
  }

  test('a correct fixed window without headers whose burst may cross an edge → not CONCURRENT_OVER_LIMIT', async () => {
    const r = await probe(`${await server('fixedra.cjs', { L: '10', W: '1000', DELAY: '100', RA: '1' })}/api/items`, { windowMs: 1000, concurrency: 10, count: 60, algorithm: 'fixed', scope: 'user' }, ['concurrent']);
    assert.ok(!codes(r).includes('CONCURRENT_OVER_LIMIT'), explain(r));
    assert.notEqual(r.verdict, 'fail', explain(r));
  });
});

describe('latency is bounded per request: one slow answer does not hide over-admission', () => {
  test('split counters behind round robin with a 2.1 s cold first answer: 10 admitted in ~25 ms is not a PASS (no edge seen: INCONCLUSIVE)', async () => {
    const r = await probe(`${await server('twoinstslow.cjs', { L: '5', W: '2000', COLD: '2100' })}/api/items`, { limit: 5, windowMs: 2000, count: 15, scope: 'user' });
    assert.equal(r.verdict, 'inconclusive', explain(r));
    assert.ok((findingOf(r, 'WINDOW_EDGE_AMBIGUOUS').evidence?.admittedInOneWindow as number) >= 10, explain(r));
  });

  test('no limiter at all behind a 2.1 s cold start → LIMIT_NOT_ENFORCED, not COUNT_NOT_ABOVE_LIMIT', async () => {
    const r = await probe(`${await server('nolimitcold.cjs', { COLD: '2100' })}/api/items`, { limit: 5, windowMs: 2000, count: 15, scope: 'user' });
    assert.equal(r.verdict, 'fail', explain(r));
    assert.ok(codes(r).includes('LIMIT_NOT_ENFORCED'), explain(r));
  });
});

describe('correct limiters with awkward headers are not failed', () => {
  test('a fixed window with epoch-second resets whose concurrent burst crosses an edge → not CONCURRENT_OVER_LIMIT', async () => {
    for (let run = 0; run < 2; run++) {
      const r = await probe(`${await server('fixedepochs.cjs', { L: '10', W: '4000', OFFSET: '20', DELAY: '40' })}/api/items`, { limit: 10, windowMs: 4000, count: 20, concurrency: 10, scope: 'user' }, ['concurrent']);
      assert.ok(!codes(r).includes('CONCURRENT_OVER_LIMIT'), explain(r));
    }
  });

  test('draft-6 headers listing the 60 s policy before the declared 2 s one → not WINDOW_LONGER_THAN_DECLARED', async () => {
    const r = await probe(`${await server('draft6twopol.cjs')}/api/items`, { limit: 10, windowMs: 2000, count: 15, algorithm: 'fixed', scope: 'user' });
    assert.ok(!codes(r).includes('WINDOW_LONGER_THAN_DECLARED'), explain(r));
    assert.equal(r.verdict, 'pass', explain(r));
  });

  test('a sliding counter (two weighted buckets) declared fixed → not ADMITTED_OVER_LIMIT', async () => {
    const r = await probe(`${await server('slidingcounter.cjs', { L: '5', W: '2000', DELAY: '50' })}/api/items`, { limit: 5, windowMs: 2000, count: 60, algorithm: 'fixed', scope: 'user' });
    assert.ok(!codes(r).includes('ADMITTED_OVER_LIMIT'), explain(r));
  });
});

describe('a server policy other than the declared one is FAIL, not explained away', () => {
  test('headers advertise and the server enforces 5 where 10 was declared → LIMITED_TOO_EARLY naming both', async () => {
    const r = await probe(`${await server('lower.cjs', { REAL: '5', W: '2000' })}/api/items`, { algorithm: 'sliding' });
    assert.equal(r.verdict, 'fail', explain(r));
    const f = findingOf(r, 'LIMITED_TOO_EARLY');
    assert.equal(f.evidence?.advertised, 5);
    assert.equal(f.evidence?.limit, 10);
    assert.ok(!codes(r).includes('PRIOR_CONSUMPTION'), explain(r));
  });

  test('two draft-8 policies (10/1s and 100/60s), the longer one declared: the early 429 names the binding 10/1s policy', async () => {
    const r = await probe(`${await server('draft8multi.cjs')}/api/items`, { limit: 100, windowMs: 60_000, count: 105, scope: 'user' });
    assert.equal(r.verdict, 'fail', explain(r));
    assert.match(String(findingOf(r, 'LIMITED_TOO_EARLY').evidence?.otherPolicy), /"burst" 10 per 1s, remaining 0/);
  });

  test('draft-8 policy w=60 where a 2 s window was declared (no Retry-After) → WINDOW_LONGER_THAN_DECLARED', async () => {
    const r = await probe(`${await server('window60nora.cjs')}/api/items`, {});
    assert.equal(r.verdict, 'fail', explain(r));
    assert.equal(findingOf(r, 'WINDOW_LONGER_THAN_DECLARED').evidence?.seconds, 60);
  });
});

test('a bare nginx-style 503 limit behind a gateway whose daily-quota headers show budget left → LIMITED_WRONG_STATUS', async () => {
  const r = await probe(`${await server('nginxquota.cjs', { L: '5', W: '2000' })}/api/items`, { limit: 5, windowMs: 2000, count: 30, scope: 'user' });
  assert.equal(r.verdict, 'fail', explain(r));
  assert.ok(codes(r).includes('LIMITED_WRONG_STATUS'), explain(r));
  assert.ok(!codes(r).includes('LIMITER_SERVER_ERRORS'), explain(r));
});

describe('a correct limiter is not failed for what is not its fault', () => {
  test('a token bucket whose Reset is the time until it is full (no Retry-After), --algorithm unknown → not ADMITTED_OVER_LIMIT', async () => {
    const r = await probe(`${await server('tbfull.cjs', { L: '5', W: '5000', DELAY: '100', NORA: '1' })}/api/items`, { limit: 5, windowMs: 5000, count: 40, scope: 'user' });
    assert.notEqual(r.verdict, 'fail', explain(r));
  });

  test('a fixed window with a cautious Retry-After (the whole window) and edges inside the probe, --algorithm fixed → PASS', async () => {
    const r = await probe(`${await server('fixedra.cjs', { L: '5', W: '3000', DELAY: '150' })}/api/items`, { limit: 5, windowMs: 3000, count: 25, algorithm: 'fixed', scope: 'user' });
    assert.equal(r.verdict, 'pass', explain(r));
  });

  test('slow answers (250 ms) never put 11 requests in one 2 s window → INCONCLUSIVE COUNT_NOT_ABOVE_LIMIT, not LIMIT_NOT_ENFORCED', async () => {
    const r = await probe(`${await server('slowsliding.cjs', { L: '10', W: '2000', DELAY: '250' })}/api/items`, {});
    assert.equal(r.verdict, 'inconclusive', explain(r));
    assert.ok(!codes(r).includes('LIMIT_NOT_ENFORCED'), explain(r));
    assert.ok(findingOf(r, 'COUNT_NOT_ABOVE_LIMIT').evidence!.busiestWindow as number <= 10);
  });

  test('one upstream 503 amid a working limiter → PASS with SERVER_ERRORS, no wrong-status or early-limit blame', async () => {
    const r = await probe(`${await server('flaky503.cjs')}/api/items`, {});
    assert.equal(r.verdict, 'pass', explain(r));
    assert.equal((findingOf(r, 'SERVER_ERRORS').evidence?.statuses as Record<string, number>)['503'], 1);
    assert.ok(!codes(r).includes('LIMITED_WRONG_STATUS') && !codes(r).includes('LIMITED_TOO_EARLY'), explain(r));
    // The 503 (request 5) never reached the limiter: 10 admitted, then the 429.
    assert.equal(r.firstLimitedAt, 12);
  });

  test('503 load shedding under --concurrency 20, 429 for the limit → no LIMITED_WRONG_STATUS', async () => {
    const r = await probe(`${await server('overload503.cjs')}/api/items`, { concurrency: 20 }, ['sequential', 'concurrent']);
    assert.ok(!codes(r).includes('LIMITED_WRONG_STATUS'), explain(r));
    assert.ok(!codes(r).includes('LIMITER_SERVER_ERRORS'), explain(r));
    assert.ok(codes(r).includes('SERVER_ERRORS'), explain(r));
    assert.equal(r.verdict, 'pass', explain(r));
  });

  test('"already subscribed" 200 bodies while Remaining counts down, 429 at request 11 → PASS with NOT_A_LIMIT', async () => {
    const r = await probe(`${await server('postdup.cjs')}/api/subscribe`, { method: 'POST', body: '{}' });
    assert.equal(r.verdict, 'pass', explain(r));
    assert.equal(r.firstLimitedAt, 11);
    assert.equal(r.admitted, 10);
    assert.match(findingOf(r, 'NOT_A_LIMIT').message, /9 error answers were not the limiter's \(200 with error body×9; first at request 2, "success": false\)/);
  });
});

test('scenario: a second rate-probe phase on the same route counts what the first one sent (no headers to say so) → PASS, PRIOR_CONSUMPTION', async () => {
  const url = await server('slidingnora.cjs', { L: '10', W: '30000' });
  const result = await runScenarioAt(url, `name: twophase
phases:
  - { name: smoke, kind: rate-probe, request: { path: /api/x }, limit: 10, window: 30s, count: 3, scope: user }
  - { name: limit, kind: rate-probe, request: { path: /api/x }, limit: 10, window: 30s, scope: user, algorithm: sliding }
`);
  const second = result.phases[1];
  const findings = (second.probe as { findings: Array<{ code: string; evidence?: Record<string, unknown> }> }).findings;
  assert.equal(second.verdict, 'pass', JSON.stringify(findings));
  assert.equal(findings.find((f) => f.code === 'PRIOR_CONSUMPTION')?.evidence?.priorRequests, 3);
});

test('scenario: requests another identity sent earlier do not excuse an early limit for this one → LIMITED_TOO_EARLY', async () => {
  const url = await server('lowuser.cjs');
  const result = await runScenarioAt(url, `name: otheruser
auth: { bob: { bearer: bob-token }, alice: { bearer: alice-token } }
phases:
  - { name: bob, kind: rate-probe, request: { path: /api/x, auth: bob }, limit: 10, window: 30s, count: 3, scope: user }
  - { name: alice, kind: rate-probe, request: { path: /api/x, auth: alice }, limit: 10, window: 30s, scope: user, algorithm: sliding }
`);
  const alice = result.phases[1];
  const findings = (alice.probe as { findings: Array<{ code: string }> }).findings;
  assert.equal(alice.verdict, 'fail', JSON.stringify(findings));
  assert.ok(findings.some((f) => f.code === 'LIMITED_TOO_EARLY'), JSON.stringify(findings));
});
