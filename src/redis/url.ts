import { UserError } from '../errors.js';

/** A parsed Redis URL. `password` must never reach output: print `redacted` instead. */
export interface RedisTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
  /** The URL with the password replaced by "***", safe for messages and reports. */
  redacted: string;
}

/**
 * redis://[user[:password]@]host[:port][/db] or rediss:// (TLS). `where` names the flag for errors.
 * Parsed by hand-rolled rules on top of WHATWG URL so a bad value gets a message naming what is wrong.
 */
export function parseRedisUrl(raw: string, where = '--redis'): RedisTarget {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UserError(`${where}: invalid Redis URL ${JSON.stringify(redactRaw(raw))}; use redis://[user:password@]host[:port][/db] or rediss:// for TLS`);
  }
  const scheme = u.protocol.replace(/:$/, '');
  if (scheme !== 'redis' && scheme !== 'rediss') {
    throw new UserError(`${where}: unsupported scheme "${scheme}" in ${redactUrl(u)}; use redis:// or rediss:// (TLS)`);
  }
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new UserError(`${where}: no host in ${redactUrl(u)}; use redis://host:port`);
  const port = u.port === '' ? 6379 : Number(u.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UserError(`${where}: invalid port ${JSON.stringify(u.port)} in ${redactUrl(u)}; use 1-65535`);
  }
  const path = u.pathname.replace(/^\//, '');
  let db = 0;
  if (path !== '') {
    if (!/^\d+$/.test(path)) throw new UserError(`${where}: invalid database index "${path}" in ${redactUrl(u)}; use a number such as /0`);
    db = Number(path);
  }
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  return {
    host,
    port,
    // redis://:secret@host means "password only" (default user), as redis-cli reads it.
    username: username && username.length > 0 ? username : undefined,
    password,
    db,
    tls: scheme === 'rediss',
    redacted: redactUrl(u),
  };
}

/** The URL with any password replaced by "***". */
export function redactUrl(u: URL): string {
  const copy = new URL(u.href);
  if (copy.password) copy.password = '***';
  return copy.href.replace(/\/$/, '');
}

/** Best-effort redaction for a string that did not even parse as a URL. */
export function redactRaw(raw: string): string {
  return raw.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** "host:port" for messages (IPv6 in brackets). */
export function endpoint(t: { host: string; port: number }): string {
  return t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}
