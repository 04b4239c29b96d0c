/**
 * Some APIs signal errors (rate limits included) with 200 and an error body; the probe reads the
 * start of every body so such answers are not counted as admitted.
 */

const LIMIT_TEXT = /too many requests|rate[ _-]?limit|quota (?:exceeded|exhausted)|throttl|slow down/i;

/** Why a body reads like an error envelope ("success":false, "ok":false, "status":"error", an error field), or null. */
export function errorBodyReason(body: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  if (o.success === false) return '"success": false';
  if (o.ok === false) return '"ok": false';
  if (o.status === 'error' || o.status === 'fail') return `"status": "${o.status}"`;
  if (typeof o.error === 'string' && o.error.length > 0) return `"error": ${JSON.stringify(o.error.slice(0, 60))}`;
  if (o.error !== null && typeof o.error === 'object') return '"error" object';
  if (Array.isArray(o.errors) && o.errors.length > 0) return '"errors" list';
  return null;
}

/** Whether a body talks about rate limiting (for answers whose status alone does not say so). */
export function mentionsRateLimit(body: string): boolean {
  return LIMIT_TEXT.test(body.slice(0, 4096));
}
