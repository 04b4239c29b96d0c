/** Longest identity kept: an X-Forwarded-For value is client-controlled and ends up in a Redis key. */
const MAX_IDENTITY_LENGTH = 64;

/** `::ffff:127.0.0.1` → `127.0.0.1`, so one client has one identity whichever way it connected. */
export function normalizeIp(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * The identity of a client for the per-IP limit. The first X-Forwarded-For value is used only when
 * `useForwarded` (trust-proxy, or the spoofable-ip fault); otherwise the socket address.
 */
export function clientIp(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, useForwarded: boolean): string {
  if (useForwarded && forwardedFor !== undefined) {
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
    const first = header.split(',')[0].trim();
    if (first.length > 0) return normalizeIp(first.slice(0, MAX_IDENTITY_LENGTH));
  }
  return normalizeIp(socketAddress ?? 'unknown');
}
