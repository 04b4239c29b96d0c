import { request, Agent } from 'undici';
import { errorKind } from './error-kind.js';

/** One HTTP exchange as seen by checks, probes and login flows (not the load runners' hot path). */
export interface Exchange {
  status: number;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from send to the end of the body. */
  latencyMs: number;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  /** Stop reading the body after this many bytes (probes only need the start). */
  maxBodyBytes?: number;
}

/** A network-level failure: no HTTP answer at all. `kind` is the error code (ECONNREFUSED, timeout...). */
export class NetworkError extends Error {
  constructor(readonly kind: string, message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

const sharedAgent = new Agent({ keepAliveTimeout: 10_000, connections: 256, pipelining: 1 });


/** Sends one request; resolves with the exchange or rejects with a NetworkError. */
export async function send(url: string, opts: SendOptions = {}): Promise<Exchange> {
  const start = performance.now();
  const timeout = opts.timeoutMs ?? 10_000;
  try {
    const res = await request(url, {
      method: (opts.method ?? 'GET').toUpperCase() as 'GET',
      headers: opts.headers,
      body: opts.body,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      dispatcher: sharedAgent,
    });
    const body = await readBody(res.body, opts.maxBodyBytes ?? 1 << 20);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    return { status: res.statusCode, headers, body, latencyMs: performance.now() - start };
  } catch (e) {
    const kind = errorKind(e);
    const msg = e instanceof Error ? e.message : String(e);
    throw new NetworkError(kind, `${kind}: ${msg}`);
  }
}

async function readBody(stream: AsyncIterable<Buffer> & { destroy?: () => void }, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    if (size < max) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, max);
}
