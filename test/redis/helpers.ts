import { after, before } from 'node:test';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const execFileP = promisify(execFile);

/** A free TCP port on loopback (bind :0, read it, release it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface PrivateRedis {
  port: number;
  url: string;
  /** A client with full rights, for writing fixtures. Closed by stop(). */
  admin: Redis;
  stop(): Promise<void>;
}

/** A private redis-server for the enclosing describe: started before its tests, stopped after them. */
export function suiteRedis(): PrivateRedis {
  const srv = {} as PrivateRedis;
  before(async () => {
    Object.assign(srv, await startRedis());
  });
  after(async () => {
    await srv.stop();
  });
  return srv;
}

/**
 * Start our own redis-server (no persistence, temp dir) for tests that need fixed key names,
 * special config (ACL, password, cluster) or MONITOR, so the shared 6379 is never touched.
 */
export async function startRedis(extraArgs: string[] = [], password?: string): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'limitprobe-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs];
  if (password) args.push('--requirepass', password);
  const proc = spawn('redis-server', args, { stdio: 'ignore' });
  await waitReady(port, password, proc);
  const admin = new Redis({ host: '127.0.0.1', port, password, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  admin.on('error', () => undefined);
  await admin.connect();
  return {
    port,
    url: password ? `redis://:${password}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    admin,
    stop: async () => {
      admin.disconnect();
      await stopProcess(proc);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      proc.kill('SIGKILL');
    }, 5000);
    proc.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

/** Poll PING until the server answers (bounded: 10 s). */
export async function waitReady(port: number, password: string | undefined, proc?: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (proc && proc.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${proc.exitCode}`);
    try {
      const args = ['-p', String(port), ...(password ? ['-a', password, '--no-auth-warning'] : []), 'PING'];
      const { stdout } = await execFileP('redis-cli', args, { timeout: 2000 });
      if (stdout.trim() === 'PONG') return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start within 10s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function redisCli(port: number, args: string[], password?: string): Promise<string> {
  const { stdout } = await execFileP('redis-cli', ['-p', String(port), ...(password ? ['-a', password, '--no-auth-warning'] : []), ...args], { timeout: 30_000 });
  return stdout;
}

/** A unique key prefix per test for the shared 6379 (delete only what carries it). */
export function uniqueTag(): string {
  return `t${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

export const SHARED_URL = 'redis://127.0.0.1:6379';

/** A client on the shared server; `cleanup` deletes only keys under `prefix`, via SCAN. */
export async function sharedClient(prefix: string): Promise<{ client: Redis; cleanup(): Promise<void> }> {
  const client = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  await client.connect();
  return {
    client,
    cleanup: async () => {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        for (const k of keys) if (k.startsWith(prefix)) await client.del(k);
      } while (cursor !== '0');
      client.disconnect();
    },
  };
}

/** bin/limitprobe.js, found from the compiled test file (dist/test/redis/ → repo root). */
export const BIN = new URL('../../../bin/limitprobe.js', import.meta.url).pathname;

/**
 * Run `node bin/limitprobe.js …` in a child process (real exit code, real stdout/stderr), exactly
 * as a user would, bounded in time.
 */
export async function runCli(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Wait (bounded: 10 s) until a MONITOR client is attached to the private server. */
export async function waitForMonitor(srv: PrivateRedis): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (/cmd=monitor/.test(String(await srv.admin.call('CLIENT', 'LIST')))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no MONITOR client attached to 127.0.0.1:${srv.port} within 10s`);
}
