import type { IncomingMessage } from 'node:http';

/** Login bodies are tiny; anything bigger is refused rather than buffered. */
export const MAX_BODY_BYTES = 16 * 1024;

export class BodyTooLarge extends Error {}

/** Reads the whole request body as UTF-8, rejecting with BodyTooLarge past MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge(`body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
