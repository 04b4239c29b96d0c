import { Redis, Cluster, type RedisOptions } from 'ioredis';
import { isIP } from 'node:net';
import { UserError } from '../errors.js';
import { endpoint, parseRedisUrl, type RedisTarget } from './url.js';

/** Bounds that keep the inspector from hanging on a dead or slow server. */
export interface ConnectLimits {
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

export const DEFAULT_LIMITS: ConnectLimits = { connectTimeoutMs: 5000, commandTimeoutMs: 15_000 };

/**
 * One connected Redis deployment. `nodes` are the clients to SCAN: the single server, or every
 * cluster master. Reads of a key go to the node it was scanned on (it owns the key's slot).
 */
export interface RedisConnection {
  target: RedisTarget;
  cluster: boolean;
  nodes: Array<{ name: string; client: Redis }>;
  close(): Promise<void>;
}

/**
 * Options shared by every client: no reconnects, no offline queue retries, RESP2 (so HELLO and the
 * MONITOR stream need no extra ACL grants), no INFO ready check and no CLIENT SETINFO (a read-only
 * ACL user may lack both).
 */
export function clientOptions(t: RedisTarget, limits: ConnectLimits): RedisOptions {
  return {
    host: t.host,
    port: t.port,
    username: t.username,
    password: t.password,
    db: t.db,
    tls: t.tls ? (isIP(t.host) ? {} : { servername: t.host }) : undefined,
    protocol: 2,
    lazyConnect: true,
    connectTimeout: limits.connectTimeoutMs,
    commandTimeout: limits.commandTimeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
    disableClientInfo: true,
    autoResubscribe: false,
    autoResendUnfulfilledCommands: false,
    maintNotifications: 'disabled',
  } as RedisOptions;
}

/** Connect (standalone or cluster) and prove the credentials work; failures become one clear UserError. */
export async function connectRedis(url: string, opts: { cluster?: boolean; limits?: ConnectLimits; where?: string } = {}): Promise<RedisConnection> {
  const target = parseRedisUrl(url, opts.where ?? '--redis');
  const limits = opts.limits ?? DEFAULT_LIMITS;
  return opts.cluster ? connectCluster(target, limits) : connectStandalone(target, limits);
}

async function connectStandalone(target: RedisTarget, limits: ConnectLimits): Promise<RedisConnection> {
  const client = new Redis(clientOptions(target, limits));
  // Without a listener ioredis prints "Unhandled error event" with a stack; we keep the first error
  // because the connect() rejection itself only says "Connection is closed".
  let firstError: unknown;
  client.on('error', (e) => {
    firstError ??= e;
  });
  try {
    await withDeadline(client.connect(), limits.connectTimeoutMs + 1000, 'connect');
    // AUTH/SELECT failures surface as error events or on the first command: issue a cheap read.
    // A server that accepts TCP but never answers (wrong port, TLS server, proxy) fails here, within the connect bound.
    await withDeadline(client.dbsize(), limits.connectTimeoutMs, 'first command (DBSIZE)');
    if (firstError) throw firstError;
  } catch (e) {
    client.disconnect();
    throw describeConnectError(firstError ?? e, target);
  }
  return {
    target,
    cluster: false,
    nodes: [{ name: endpoint(target), client }],
    close: async () => quit(client),
  };
}

async function connectCluster(target: RedisTarget, limits: ConnectLimits): Promise<RedisConnection> {
  if (target.db !== 0) {
    throw new UserError(`--redis: database index ${target.db} in ${target.redacted}, but Redis Cluster has only database 0; drop the /${target.db}`);
  }
  const redisOptions = clientOptions(target, limits);
  delete redisOptions.host;
  delete redisOptions.port;
  delete redisOptions.retryStrategy;
  delete (redisOptions as Record<string, unknown>).maintNotifications;
  delete redisOptions.db;
  const cluster = new Cluster([{ host: target.host, port: target.port }], {
    redisOptions,
    lazyConnect: true,
    enableReadyCheck: false,
    clusterRetryStrategy: () => null,
    slotsRefreshTimeout: limits.connectTimeoutMs,
    maxRedirections: 4,
  });
  let firstError: unknown;
  cluster.on('error', (e) => {
    firstError ??= e;
  });
  try {
    await withDeadline(cluster.connect(), limits.connectTimeoutMs * 2 + 1000, 'cluster connect');
    const masters = cluster.nodes('master');
    if (masters.length === 0) throw new Error('the cluster reported no master nodes');
    for (const m of masters) {
      m.on('error', () => undefined);
      await m.dbsize();
    }
  } catch (e) {
    cluster.disconnect();
    throw describeConnectError(pickClusterError(e, firstError), target, true);
  }
  const nodes = cluster.nodes('master').map((client) => ({ name: `${client.options.host}:${client.options.port}`, client }));
  return {
    target,
    cluster: true,
    nodes,
    close: async () => {
      try {
        await withDeadline(cluster.quit(), 2000, 'quit');
      } catch {
        cluster.disconnect();
      }
    },
  };
}

/** The cluster's own rejection is generic; a node's error (refused, WRONGPASS) says more. */
function pickClusterError(e: unknown, first: unknown): unknown {
  const generic = (x: unknown) => /None of startup nodes|Failed to refresh slots cache|Connection is closed/.test(String((x as Error)?.message));
  const inner = (e as { lastNodeError?: unknown })?.lastNodeError;
  if (inner && !generic(inner)) return inner;
  if (first && !generic(first)) return (first as { lastNodeError?: unknown }).lastNodeError ?? first;
  return inner ?? e;
}

async function quit(client: Redis): Promise<void> {
  try {
    await withDeadline(client.quit(), 2000, 'quit');
  } catch {
    client.disconnect();
  }
}

/** Reject after `ms` so no await in this module can hang forever. */
export function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms}ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** Turn a driver error into one line naming host, port and what failed; never the password. */
export function describeConnectError(e: unknown, t: RedisTarget, cluster = false): UserError {
  const where = `Redis at ${endpoint(t)}${cluster ? ' (cluster)' : ''}`;
  const err = e as { message?: string; code?: string; lastNodeError?: { message?: string; code?: string } };
  const inner = err.lastNodeError ?? err;
  const msg = String(inner.message ?? e);
  const code = inner.code ?? '';
  const user = t.username ? `user "${t.username}"` : 'the default user';
  let what: string;
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(msg)) what = 'connection refused (is redis-server running on that port?)';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(msg)) what = `host name "${t.host}" does not resolve`;
  else if (code === 'ETIMEDOUT' || /timed? ?out/i.test(msg)) what = 'timed out (no answer; check host, port, firewall or TLS setting)';
  else if (/WRONGPASS|invalid username-password|invalid password/i.test(msg)) what = `authentication failed for ${user}: wrong username or password`;
  else if (/NOAUTH/.test(msg)) what = 'the server requires a password; put it in the URL: redis://user:password@host:port';
  else if (/NOPERM/.test(msg)) what = `${user} lacks a permission limitprobe needs (${redactSecret(firstLine(msg), t.password)}); see docs/inspect.md "Read-only ACL user"`;
  else if (/DB index is out of range|invalid DB index/i.test(msg)) what = `database index ${t.db} does not exist on this server`;
  else if (/cluster support disabled|This instance has cluster support disabled/i.test(msg)) what = 'this server is not a cluster; drop --cluster';
  else if (/MOVED|CROSSSLOT|CLUSTERDOWN/.test(msg)) what = `${redactSecret(firstLine(msg), t.password)}; this looks like a Redis Cluster, add --cluster`;
  else if (/SSL|TLS|certificate|EPROTO|wrong version number/i.test(msg)) what = `TLS handshake failed (${redactSecret(firstLine(msg), t.password)}); use rediss:// only for TLS servers`;
  else if (/Connection is closed|ECONNRESET|socket hang up/i.test(msg)) what = 'the server closed the connection (TLS mismatch, protected mode or maxclients?)';
  else if (/None of startup nodes|Failed to refresh slots cache/i.test(msg)) what = 'no cluster node answered CLUSTER SLOTS (is this a cluster, and does the user have +cluster|slots?)';
  else what = redactSecret(firstLine(msg), t.password);
  return new UserError(`${where}: ${what}`);
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 200);
}

function redactSecret(s: string, secret?: string): string {
  return secret ? s.split(secret).join('***') : s;
}
