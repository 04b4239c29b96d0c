import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchServer {
  url: string;
  kind: string;
  stop(): void;
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function hasNginx(): boolean {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** nginx answering a fixed 200 on loopback (fast and outside Node, so it is never the bottleneck). */
async function startNginx(): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'limitprobe-bench-nginx-'));
  const port = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port};
    location / { default_type application/json; return 200 '{"status":"ok"}'; }
  }
}
`);
  const child = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  await waitForPort(port);
  return { url: `http://127.0.0.1:${port}`, kind: 'nginx', stop: () => { child.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); } };
}

/** A minimal Node HTTP server in its own process. */
async function startNodeServer(): Promise<BenchServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['-e', `
require('node:http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"status":"ok"}'); })
  .listen(${port}, '127.0.0.1');`], { stdio: 'ignore' });
  await waitForPort(port);
  return { url: `http://127.0.0.1:${port}`, kind: 'node:http (separate process)', stop: () => child.kill('SIGTERM') };
}

export function startBenchServer(): Promise<BenchServer> {
  return hasNginx() ? startNginx() : startNodeServer();
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`bench server on port ${port} did not start`);
}
