import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = 'redis://127.0.0.1:6379';
export const ORIGIN = 'http://localhost:3000';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One request with fetch; headers come back lower-cased. */
export async function call(base: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const res = await fetch(base + path, { method: init.method ?? 'GET', headers: init.headers, body: init.body });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => { headers[k] = v; });
  return { status: res.status, headers, body: await res.text() };
}

export async function callMany(base: string, path: string, count: number, headers?: Record<string, string>): Promise<Answer[]> {
  const out: Answer[] = [];
  for (let i = 0; i < count; i++) out.push(await call(base, path, { headers }));
  return out;
}

export function concurrently(base: string, path: string, count: number, headers?: Record<string, string>): Promise<Answer[]> {
  return Promise.all(Array.from({ length: count }, () => call(base, path, { headers })));
}

export function statuses(answers: Answer[]): number[] {
  return answers.map((a) => a.status);
}

export function countStatus(answers: Answer[], status: number): number {
  return answers.filter((a) => a.status === status).length;
}

export async function login(base: string, email: string, password: string): Promise<Answer> {
  return call(base, '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

/** A port nothing listens on: bind a free one, then release it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function uniquePrefix(tag: string): string {
  return `limitprobe:test:target:${tag}:${randomUUID().slice(0, 8)}:`;
}

/** A client for checking what the target wrote, and for deleting only our keys afterwards. */
export class RedisProbe {
  readonly redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000 });

  async keys(prefix: string): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    for (let round = 0; round < 10_000; round++) {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      found.push(...batch);
      cursor = next;
      if (cursor === '0') break;
    }
    return found.sort();
  }

  async cleanup(prefix: string): Promise<void> {
    const keys = await this.keys(prefix);
    if (keys.length) await this.redis.del(...keys);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}

export const SECURITY_HEADER_NAMES = [
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'x-xss-protection',
  'content-security-policy',
  'referrer-policy',
  'permissions-policy',
];
