/** Groups a network failure into a short, stable kind for tables: timeout, ECONNRESET, ECONNREFUSED... */
export function errorKind(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  if (code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'ECONNRESET';
  if (code) return code;
  if (e?.message && /timed out/i.test(e.message)) return 'timeout';
  return 'error';
}
