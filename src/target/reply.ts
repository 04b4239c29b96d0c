import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './security-headers.js';

export const JSON_TYPE = 'application/json; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

/** Writes a complete answer: the security headers, then `headers`, then the body with its length. */
export function reply(res: ServerResponse, status: number, headers: Record<string, string>, body?: Buffer | string, contentType = JSON_TYPE): void {
  const out: Record<string, string | number> = { ...SECURITY_HEADERS, ...headers };
  if (body !== undefined) {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    out['Content-Type'] = contentType;
    out['Content-Length'] = buf.length;
    res.writeHead(status, out);
    res.end(buf);
  } else {
    out['Content-Length'] = 0;
    res.writeHead(status, out);
    res.end();
  }
}

export function jsonBody(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
