import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './helpers.js';

/** Path of the Debian nginx binary, or null when it is not installed. */
export function nginxBinary(): string | null {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
    const r = spawnSync(p, ['-v']);
    if (r.status === 0) return p;
  }
  const which = spawnSync('sh', ['-c', 'command -v nginx']);
  return which.status === 0 ? String(which.stdout).trim() || null : null;
}

export interface RunningNginx {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts nginx in the foreground on a free loopback port with a temporary prefix (config, pid,
 * logs and temp paths all inside it). `httpBody` is placed inside `http { }`; `%ROOT%` in it is
 * the directory served (it holds items.json).
 */
export async function startNginx(bin: string, httpBody: (port: number) => string): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'limitprobe-nginx-'));
  // Workers run as an unprivileged user when the master is root: they must be able to read the files.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'html'), { mode: 0o755 });
  mkdirSync(join(dir, 'tmp'), { mode: 0o777 });
  writeFileSync(join(dir, 'html', 'items.json'), '{"items":[1,2,3]}\n', { mode: 0o644 });
  const port = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k}_temp_path ${join(dir, 'tmp', k)};`).join('\n');
  const conf = `worker_processes 1;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 64; }
http {
  access_log off;
${temp}
${httpBody(port).replaceAll('%ROOT%', join(dir, 'html'))}
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child: ChildProcess = spawn(bin, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      for (let i = 0; i < 50 && !exited; i++) await sleep(50);
      if (!exited) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (exited) break;
    if (await accepts(port)) return { url: `http://127.0.0.1:${port}`, stop };
    await sleep(50);
  }
  let log = '';
  try {
    log = readFileSync(join(dir, 'error.log'), 'utf8');
  } catch {
    // No log written.
  }
  await stop();
  throw new Error(`nginx did not start on 127.0.0.1:${port}: ${stderr}${log}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
