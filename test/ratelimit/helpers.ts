import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startTarget, type RunningTarget, type TargetOptions } from '../../src/target/index.js';
import type { ProbeConfig, ProbeReport, StrategyName } from '../../src/ratelimit/types.js';

export const REDIS_URL = 'redis://127.0.0.1:6379';
/** The target's default allowed CORS origin. */
export const ORIGIN = 'http://localhost:3000';
export type StoreKind = 'memory' | 'redis';
export const STORES: readonly StoreKind[] = ['memory', 'redis'];

/** A key prefix only this test uses, under `limitprobe:rl:` so the target recogniser sees it. */
export function uniquePrefix(): string {
  return `limitprobe:rl:test-probe-${randomUUID().slice(0, 8)}:`;
}

/**
 * Starts the embedded target on the given store, runs `fn`, then closes it and deletes only this
 * test's Redis keys.
 */
export async function withTarget<T>(store: StoreKind, opts: TargetOptions, fn: (t: RunningTarget, prefix: string) => Promise<T>): Promise<T> {
  const prefix = uniquePrefix();
  const target = await startTarget({ port: 0, quiet: true, ...(store === 'redis' ? { redis: REDIS_URL, keyPrefix: prefix } : {}), ...opts });
  try {
    return await fn(target, prefix);
  } finally {
    await target.close();
    if (store === 'redis') await deleteKeys(prefix);
  }
}

export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    let cursor = '0';
    for (let round = 0; round < 1000; round++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    await redis.quit();
  }
}

export async function keysWithPrefix(prefix: string): Promise<string[]> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    const [, keys] = await redis.scan('0', 'MATCH', `${prefix}*`, 'COUNT', 1000);
    return keys;
  } finally {
    await redis.quit();
  }
}

/** A small, fast probe: limit 5 per 2 s, 8 sequential requests, only the strategies named. */
export function probeConfig(url: string, over: Partial<ProbeConfig> = {}, strategies: StrategyName[] = ['sequential']): ProbeConfig {
  return {
    url,
    method: 'GET',
    headers: {},
    limit: 5,
    windowMs: 2000,
    count: 8,
    concurrency: 1,
    scope: 'ip',
    algorithm: 'unknown',
    limitedStatus: 429,
    recover: false,
    timeoutMs: 5000,
    strategies,
    ...over,
  };
}

export function codes(report: ProbeReport): string[] {
  return report.findings.map((f) => f.code);
}

export function findingOf(report: ProbeReport, code: string) {
  const f = report.findings.find((x) => x.code === code);
  if (!f) throw new Error(`no ${code} finding; got ${report.findings.map((x) => `${x.code}: ${x.message}`).join(' | ')}`);
  return f;
}

/** Human-readable dump for assertion messages. */
export function explain(report: ProbeReport): string {
  return `${report.verdict}: ${report.reason}\n${report.findings.map((f) => `  ${f.severity} ${f.code}: ${f.message}`).join('\n')}\n  statuses: ${report.timeline.map((e) => `${e.strategy[0]}${e.index}:${e.status ?? e.errorKind}`).join(' ')}`;
}

/** Statuses a strategy's requests got, in order (read off the timeline, not the findings). */
export function statusesOf(report: ProbeReport, strategy: string): (number | null)[] {
  return report.timeline.filter((e) => e.strategy === strategy).map((e) => e.status);
}

export async function bearer(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A port nothing listens on: bind a free one, then release it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'limitprobe.js');

/** Runs the real CLI (`node bin/limitprobe.js ...`), bounded in time. */
export function runCli(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`limitprobe ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
