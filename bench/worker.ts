/**
 * One measured run in its own process, so CPU time and RSS belong to that run alone. Prints one JSON
 * line: requests answered, wall ms, CPU µs (user + system), peak RSS.
 */
import autocannon from 'autocannon';
import { runLoadPhase } from '../src/run/load-phase.js';
import type { PhaseHooks } from '../src/run/phase-hooks.js';
import type { BurstPhase, FloodPhase } from '../src/model/scenario.js';

const [mode, url, a, b] = process.argv.slice(2);

const hooks: PhaseHooks = { signal: new AbortController().signal, phaseStart() {}, progress() {}, phaseEnd() {} };
const ctx = { baseUrl: url, defaultHeaders: {}, timeoutMs: 10_000, authHeaders: () => [{}] };

async function main(): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let requests = 0;
  let extra: Record<string, unknown> = {};
  if (mode === 'autocannon') {
    const r = await autocannon({ url, connections: Number(a), amount: Number(b), pipelining: 1 });
    requests = r.requests.total;
  } else if (mode === 'limitprobe') {
    const phase: BurstPhase = { kind: 'burst', name: 'bench', connections: Number(a), requests: Number(b), mix: [{ name: 'x', path: '/' }] };
    const r = await runLoadPhase(phase, ctx, [], hooks, 1);
    requests = r.totals.responses;
  } else if (mode === 'open') {
    const phase: FloodPhase = { kind: 'flood', name: 'bench', rate: Number(a), duration: b, maxInFlight: 2000, mix: [{ name: 'x', path: '/' }] };
    const r = await runLoadPhase(phase, ctx, [], hooks, 1);
    requests = r.totals.responses;
    extra = { achievedRate: r.totals.achievedRate, dropped: r.totals.dropped, p99: r.requests[0].latency?.p99 };
  } else if (mode === 'rss') {
    const phase: BurstPhase = { kind: 'burst', name: 'bench', connections: Number(a), requests: Number(b), mix: [{ name: 'x', path: '/' }, { name: 'y', path: '/y' }] };
    const r = await runLoadPhase(phase, ctx, [], hooks, 1);
    requests = r.totals.responses;
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ requests, wallMs: performance.now() - t0, cpuUs: cpu.user + cpu.system, maxRssMb: process.resourceUsage().maxRSS / 1024, ...extra }) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
