/**
 * `npm run bench`: performance figures measured side by side in one run (never as test assertions).
 * Traffic goes to loopback only. Sizes can be lowered with BENCH_QUICK=1.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { startBenchServer } from './servers.js';
import { startTarget } from '../src/target/index.js';
import { runProbe } from '../src/ratelimit/probe.js';

const quick = process.env.BENCH_QUICK === '1';
const here = dirname(fileURLToPath(import.meta.url));
const WORKER = join(here, 'worker.js');

interface Measured { requests: number; wallMs: number; cpuUs: number; maxRssMb: number; achievedRate?: number; dropped?: number; p99?: number }

function worker(args: string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`worker ${args.join(' ')} exited ${code}`))));
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f1 = (x: number): string => x.toFixed(1);

async function closedVersusAutocannon(url: string): Promise<void> {
  const connections = 50;
  const amount = quick ? 20_000 : 100_000;
  const rounds = quick ? 2 : 5;
  const lp: Measured[] = [];
  const ac: Measured[] = [];
  // Alternate so drift on a shared machine hits both sides alike.
  for (let r = 0; r < rounds; r++) {
    ac.push(await worker(['autocannon', url, String(connections), String(amount)]));
    lp.push(await worker(['limitprobe', url, String(connections), String(amount)]));
  }
  const rps = (m: Measured): number => m.requests / (m.wallMs / 1000);
  const cpu = (m: Measured): number => m.cpuUs / m.requests;
  const lpRps = median(lp.map(rps));
  const acRps = median(ac.map(rps));
  const lpCpu = median(lp.map(cpu));
  const acCpu = median(ac.map(cpu));
  console.log(`\n## Closed model: limitprobe runner vs raw autocannon (${connections} connections, ${amount} requests, ${rounds} alternating rounds, medians)`);
  console.log(`  autocannon  ${f1(acRps).padStart(9)} req/s   ${acCpu.toFixed(2).padStart(6)} CPU µs/request`);
  console.log(`  limitprobe  ${f1(lpRps).padStart(9)} req/s   ${lpCpu.toFixed(2).padStart(6)} CPU µs/request`);
  console.log(`  ratio       ${(lpRps / acRps).toFixed(3)}× throughput   ${(lpCpu / acCpu).toFixed(3)}× CPU per request (target ≤ 1.10×)`);
}

async function openModelRates(url: string): Promise<void> {
  console.log('\n## Open model: achieved arrival rate (target within ±2% of asked)');
  for (const rate of [200, 2000]) {
    const m = await worker(['open', url, String(rate), quick ? '3s' : '10s']);
    const off = ((m.achievedRate! - rate) / rate) * 100;
    console.log(`  asked ${String(rate).padStart(5)} req/s → achieved ${f1(m.achievedRate!).padStart(7)} req/s (${off >= 0 ? '+' : ''}${off.toFixed(2)}%), ${m.requests} answers, ${m.dropped} dropped, p99 ${m.p99} ms from intended time`);
  }
}

async function rssFlat(url: string): Promise<void> {
  console.log('\n## Memory: peak RSS of a closed flood (target: flat — histograms, not sample arrays)');
  const sizes = quick ? [100_000, 400_000] : [100_000, 2_000_000];
  const out: Measured[] = [];
  for (const n of sizes) out.push(await worker(['rss', url, '50', String(n)]));
  sizes.forEach((n, i) => console.log(`  ${String(n).padStart(9)} requests → peak RSS ${f1(out[i].maxRssMb)} MB (${f1(out[i].requests / (out[i].wallMs / 1000))} req/s)`));
  console.log(`  ratio ${(out[1].maxRssMb / out[0].maxRssMb).toFixed(3)}× for ${sizes[1] / sizes[0]}× the requests`);
}

async function probe25(): Promise<void> {
  const target = await startTarget({ port: 0, quiet: true });
  try {
    const t0 = performance.now();
    const report = await runProbe({
      url: `${target.url}/api/v1/services`, method: 'GET', headers: {}, limit: 20, windowMs: 60_000, count: 25,
      concurrency: 1, scope: 'ip', algorithm: 'sliding', limitedStatus: 429, recover: false, failOpenAllowed: false, timeoutMs: 10_000,
    });
    console.log(`\n## Rate probe: 25 requests against a local target (20/min) → ${report.verdict.toUpperCase()} in ${f1(performance.now() - t0)} ms (target < 2000 ms)`);
  } finally {
    await target.close();
  }
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  console.log(`limitprobe bench — target ${server.kind} at ${server.url}${quick ? ' (BENCH_QUICK)' : ''}`);
  try {
    await closedVersusAutocannon(server.url);
    await openModelRates(server.url);
    await rssFlat(server.url);
    await probe25();
  } finally {
    server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
