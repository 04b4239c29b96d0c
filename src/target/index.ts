import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../errors.js';
import { TargetApp } from './app.js';
import { createStore } from './limiter/create-store.js';
import { resolveOptions, type OptionLabels, type ResolvedTargetOptions, type TargetOptions } from './options.js';

export { FAULTS, FAULT_INFO, isFaultName, type FaultName } from './faults.js';
export { DEMO_USERS, ANALYTICS_ROLES, type DemoUser, type Role } from './users.js';
export {
  ALGORITHMS, HEADER_DIALECTS, LOOPBACK_HOSTS, OPTION_LABELS, redactUrl, resolveOptions,
  type Algorithm, type HeaderDialect, type OptionLabels, type ResolvedTargetOptions, type TargetOptions,
} from './options.js';
export { ROUTES, type RouteInfo } from './route-table.js';
export { slidingKey, fixedKey } from './limiter/redis-keys.js';
export { TOKEN_TTL_S } from './tokens.js';

export interface RunningTarget {
  /** e.g. http://127.0.0.1:41234 (IPv6 hosts in brackets). */
  url: string;
  port: number;
  options: ResolvedTargetOptions;
  /** Stops listening, drops open connections and disconnects the store. Safe to call twice. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') {
        reject(new UserError(`port ${port} on ${host} is already in use; choose another port (--port), or 0 for a free one`));
      } else if (e.code === 'EACCES') {
        reject(new UserError(`port ${port} on ${host}: permission denied; use a port above 1023, or 0 for a free one`));
      } else if (e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT') {
        reject(new UserError(`host ${host}: address not available on this machine (${e.code}); try 127.0.0.1`));
      } else {
        reject(e);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Starts the embedded reference target (see docs/target.md). Resolves once it is listening; a Redis
 * that cannot be reached is not an error here: limited routes then answer 503 (or admit, fail-open).
 */
export async function startTarget(opts: TargetOptions = {}, labels?: OptionLabels): Promise<RunningTarget> {
  const options = resolveOptions(opts, labels);
  const log = options.quiet ? () => {} : (line: string) => process.stderr.write(`limitprobe target: ${line}\n`);
  const store = await createStore(
    {
      algorithm: options.algorithm,
      windowMs: options.windowMs,
      race: options.faults.includes('race'),
      lostExpire: options.faults.includes('lost-expire'),
    },
    {
      redisUrl: options.redis,
      keyPrefix: options.keyPrefix,
      onStateChange: (up, reason) => log(up ? 'rate limiter store (redis) reachable' : `rate limiter store (redis) unavailable: ${reason}`),
    },
  );
  const app = new TargetApp(options, store, log);
  const server = createServer({ keepAliveTimeout: 10_000 }, app.handle);
  try {
    await listen(server, options.port, options.host);
  } catch (e) {
    await store.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${hostInUrl}:${port}`;
  app.setServerUrl(url);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive clients would otherwise hold the server open until their idle timeout.
        server.closeAllConnections();
      });
      await store.close();
    })();
    return closing;
  };
  return { url, port, options, close };
}
