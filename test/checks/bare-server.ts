import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BareServer {
  url: string;
  /** Requests seen, in order: method, path and (lower-cased) headers. */
  seen: Array<{ method: string; path: string; headers: Record<string, string | string[] | undefined> }>;
  close(): Promise<void>;
}

/** A plain node:http server on loopback answering with whatever `handler` writes. */
export async function startBareServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<BareServer> {
  const seen: BareServer['seen'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
      handler(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** A server answering every request with fixed headers and a small JSON body. */
export function startServerWithHeaders(headers: Record<string, string>, status = 200): Promise<BareServer> {
  return startBareServer((_req, res) => {
    const body = JSON.stringify({ ok: true });
    res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
}
