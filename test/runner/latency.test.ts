import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { runLoadPhase } from '../../src/run/load-phase.js';
import type { PhaseHooks } from '../../src/run/phase-hooks.js';
import type { RequestContext } from '../../src/run/templates.js';
import { decodeHistogram } from '../../src/metrics/histogram.js';
import type { PhaseResult } from '../../src/model/result.js';

/**
 * A server in its own process (so the load generator's event loop never adds to its latency) that
 * answers /delay/<ms> after that many ms, and on /stall blocks its whole event loop for STALL_MS
 * once, STALL_AT_MS after its first request: the classic pause that a closed-model tool hides.
 */
const SERVER = `
const http = require('node:http');
let first = 0, stalled = false, flaky = 0;
http.createServer((req, res) => {
  if (req.url === '/flaky') {
    // Every 10th request: the connection is closed without an answer (a crashed worker, a proxy reset).
    if (++flaky % 10 === 0) return req.socket.destroy();
    return setTimeout(() => res.end('ok'), 3);
  }
  if (req.url.startsWith('/delay/')) {
    const ms = Number(req.url.slice(7));
    return setTimeout(() => res.end('ok'), ms);
  }
  if (req.url === '/stall') {
    const now = Date.now();
    if (!first) first = now;
    if (!stalled && now - first >= ${1000}) { stalled = true; const end = now + ${600}; while (Date.now() < end) {} }
    return res.end('ok');
  }
  res.statusCode = 404; res.end();
}).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });
`;

const children: ChildProcess[] = [];
after(() => children.forEach((c) => c.kill()));

async function startServer(): Promise<string> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return `http://127.0.0.1:${chunk.toString().trim()}`;
}

const hooks = (): PhaseHooks => ({ signal: new AbortController().signal, phaseStart() {}, progress() {}, phaseEnd() {} });
const ctx = (baseUrl: string): RequestContext => ({ baseUrl, defaultHeaders: {}, timeoutMs: 10_000, authHeaders: () => [{}] });

function twoXX(r: PhaseResult, timing: 'response' | 'intended') {
  const rec = r.requests[0].histograms.find((h) => h.statusClass === '2xx' && h.timing === timing);
  assert.ok(rec, `a 2xx ${timing} histogram`);
  return decodeHistogram(rec.hdr);
}

test('closed model: p50/p90 of a server with fixed delays land in [delay − 1 ms, 1.3×+5 ms], p99 in [delay − 1 ms, 2×+20 ms]', async () => {
  const base = await startServer();
  // Tolerance: loopback and event-loop overhead add a little; the HDR error is 0.1%.
  // The lower bound is tight (no invented fast samples, no unit slip); the upper one leaves room for
  // loopback, timer and scheduling overhead on a shared machine. 8 connections × 50 requests: the 8
  // first requests also pay the TCP connect (2% of samples), so p99 gets the loosest bound.
  for (const delay of [20, 50]) {
    const r = await runLoadPhase({ kind: 'burst', name: `d${delay}`, connections: 8, requests: 400, mix: [{ name: 'd', path: `/delay/${delay}` }] }, ctx(base), [], hooks(), 1);
    const lat = r.requests[0].latency!;
    assert.equal(r.totals.successes, 400);
    assert.equal(lat.count, 400);
    // The server's timer may fire up to 1 ms early (libuv caches the loop time), hence delay − 1.
    const low = Math.min(delay * 0.98, delay - 1);
    for (const [name, v] of [['min', lat.min], ['p50', lat.p50], ['p90', lat.p90]] as const) {
      assert.ok(v >= low && v <= delay * 1.3 + 5, `${name} ${v} ms for a ${delay} ms server`);
    }
    assert.ok(lat.p99 >= low && lat.p99 <= delay * 2 + 20, `p99 ${lat.p99} ms for a ${delay} ms server`);
    // The encoded histogram carries the same numbers (microseconds).
    const h = twoXX(r, 'response');
    assert.equal(h.totalCount, 400);
    assert.ok(Math.abs(h.getValueAtPercentile(50) / 1000 - lat.p50) < 0.01);
  }
});

test('open model: latency from the intended send time shows a server stall that the closed model hides', async () => {
  // 100 req/s for 3 s; the server freezes 600 ms about 1 s in. Arrivals during the freeze wait for
  // it to end: about 60 requests are delayed, a third of them by more than 400 ms.
  const open = await runLoadPhase(
    { kind: 'flood', name: 'open', rate: 100, duration: '3s', mix: [{ name: 's', path: '/stall' }] }, ctx(await startServer()), [], hooks(), 1);
  const intended = twoXX(open, 'intended');
  assert.ok(intended.totalCount >= 290 && intended.totalCount <= 300, `answers: ${intended.totalCount}`);
  // ≥ 10% of requests arrived in the first 500 ms of the stall, so p90 ≥ 100 ms; ≥ 1% in its first 200 ms.
  assert.ok(intended.getValueAtPercentile(90) >= 100_000, `open p90 ${intended.getValueAtPercentile(90) / 1000} ms`);
  assert.ok(intended.getValueAtPercentile(99) >= 400_000, `open p99 ${intended.getValueAtPercentile(99) / 1000} ms`);
  assert.equal(open.model, 'open');
  assert.ok(open.totals.achievedRate! > 95 && open.totals.achievedRate! < 105, `achieved ${open.totals.achievedRate} req/s`);
  // The headline latency of the open model is the intended-time one.
  assert.equal(open.requests[0].latency!.p99, Math.round(intended.getValueAtPercentile(99)) / 1000);

  // Closed model, one connection, same stall: only the one request caught in the freeze is slow.
  const closed = await runLoadPhase(
    { kind: 'flood', name: 'closed', connections: 1, duration: '3s', mix: [{ name: 's', path: '/stall' }] }, ctx(await startServer()), [], hooks(), 1);
  const c = twoXX(closed, 'response');
  assert.ok(c.maxValue >= 500_000, `closed max ${c.maxValue / 1000} ms (the stall is seen once)`);
  assert.ok(c.getValueAtPercentile(90) < 20_000, `closed p90 ${c.getValueAtPercentile(90) / 1000} ms hides the stall`);
});

test('429 and 5xx land in their own histograms and never in the success latency', async () => {
  const { startTarget } = await import('../../src/target/index.js');
  const target = await startTarget({ port: 0, publicLimit: 5, windowMs: 60_000, quiet: true, latencyMs: 30 });
  try {
    const r = await runLoadPhase({ kind: 'burst', name: 'b', connections: 1, requests: 20, mix: [{ name: 'svc', path: '/api/v1/services' }] }, ctx(target.url), [], hooks(), 1);
    const stats = r.requests[0];
    assert.equal(stats.statuses['200'], 5);
    assert.equal(stats.statuses['429'], 15);
    assert.equal(stats.successes, 5);
    assert.equal(stats.latency!.count, 5, 'the success latency holds the 200s only');
    const limited = stats.histograms.find((h) => h.statusClass === '429' && h.timing === 'response');
    assert.equal(limited?.summary.count, 15);
  } finally {
    await target.close();
  }
});

test('closed model with a mix: each response is recorded under the request name that sent it', async () => {
  // A second process counts what it served per path; /delay/40 and /delay/1 differ enough that a
  // response filed under the wrong name would drag that name's percentiles across the gap.
  const counting = SERVER.replace("if (req.url.startsWith('/delay/')) {", "served[req.url] = (served[req.url] ?? 0) + 1;\n  if (req.url === '/served') return res.end(JSON.stringify(served));\n  if (req.url.startsWith('/delay/')) {")
    .replace('let first = 0', 'const served = {}; let first = 0');
  const child = spawn(process.execPath, ['-e', counting], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const base = `http://127.0.0.1:${chunk.toString().trim()}`;
  const r = await runLoadPhase(
    { kind: 'burst', name: 'mix', connections: 6, requests: 600, mix: [{ name: 'slow', path: '/delay/40', weight: 1 }, { name: 'fast', path: '/delay/1', weight: 3 }] },
    ctx(base), [], hooks(), 3);
  const served = (await (await fetch(`${base}/served`)).json()) as Record<string, number>;
  const byName = Object.fromEntries(r.requests.map((s) => [s.name, s]));
  assert.equal(byName.slow.statuses['200'], served['/delay/40']);
  assert.equal(byName.fast.statuses['200'], served['/delay/1']);
  assert.equal(served['/delay/40'] + served['/delay/1'], 600);
  assert.ok(byName.slow.latency!.min >= 40 * 0.98, `slow min ${byName.slow.latency!.min} ms`);
  assert.ok(byName.fast.latency!.p90 < 30, `fast p90 ${byName.fast.latency!.p90} ms`);
});

test('closed model: a connection closed without an answer counts as an error and does not inflate later latencies', async () => {
  const r = await runLoadPhase({ kind: 'burst', name: 'flaky', connections: 5, requests: 1000, mix: [{ name: 'f', path: '/flaky' }] }, ctx(await startServer()), [], hooks(), 1);
  // The server answers 9 of every 10 requests after 3 ms and closes the socket on the 10th.
  assert.equal(r.totals.requests, 1000);
  assert.equal(r.totals.errors.ECONNRESET, 100);
  assert.equal(r.totals.successes, 900);
  const lat = r.requests[0].latency!;
  assert.ok(lat.p50 < 15 && lat.p90 < 25, `p50 ${lat.p50} ms, p90 ${lat.p90} ms for a 3 ms server`);
});

test('open model: arrivals dropped at maxInFlight are not counted in the achieved rate', async () => {
  // 100 arrivals/s for 2 s against a 100 ms server with at most 5 in flight: about 50/s can be sent.
  const r = await runLoadPhase({ kind: 'flood', name: 'capped', rate: 100, duration: '2s', maxInFlight: 5, mix: [{ name: 'd', path: '/delay/100' }] }, ctx(await startServer()), [], hooks(), 1);
  const sent = r.totals.requests;
  assert.equal(sent + r.totals.dropped!, 200);
  assert.ok(r.totals.dropped! > 50, `dropped ${r.totals.dropped}`);
  assert.ok(Math.abs(r.totals.achievedRate! - sent / 2) <= sent / 2 * 0.1, `achieved ${r.totals.achievedRate}/s for ${sent} sent in 2 s`);
});
