import type { Redis } from 'ioredis';
import { connectRedis, describeConnectError, withDeadline } from '../connect.js';
import { classifyCommands, unescapeMonitorArg, type ForensicsReport, type MonitorLine } from './classify.js';

export interface WatchOptions {
  cluster?: boolean;
  /** Limiter key globs; default: every key written while watching. */
  match?: string[];
  /** Stop collecting after this many lines (MONITOR on a busy server is a firehose). */
  maxLines?: number;
}

export const DEFAULT_MAX_LINES = 100_000;

/**
 * Run MONITOR on dedicated connections (every master in a cluster) while `during` runs, bounded by
 * `durationMs` and `maxLines`, then classify what the limiter sent. Only called when asked for:
 * MONITOR costs the server throughput. Needs +monitor in the ACL.
 */
export async function watchCommands(url: string, durationMs: number, during: () => Promise<void>, opts: WatchOptions = {}): Promise<ForensicsReport> {
  const maxLines = opts.maxLines ?? DEFAULT_MAX_LINES;
  const conn = await connectRedis(url, { cluster: opts.cluster });
  const lines: MonitorLine[] = [];
  let truncated = false;
  const monitors: Redis[] = [];
  const started = Date.now();
  try {
    for (const node of conn.nodes) {
      let mon: Redis;
      try {
        mon = await withDeadline(node.client.monitor(), 5000, 'MONITOR');
      } catch (e) {
        throw describeConnectError(e, conn.target, conn.cluster);
      }
      mon.on('error', () => undefined);
      mon.on('monitor', (time: string, args: string[], source: string, db: string) => {
        if (lines.length >= maxLines) {
          truncated = true;
          return;
        }
        lines.push({ t: Number(time), db, source, args: args.map(unescapeMonitorArg) });
      });
      monitors.push(mon);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, durationMs);
    });
    const work = during();
    // Stop at whichever comes first; a failure in `during` still ends the watch cleanly.
    await Promise.race([work.then(() => undefined, () => undefined), timeUp]);
    clearTimeout(timer);
    // MONITOR lines for the last commands may still be in flight.
    await new Promise((r) => setTimeout(r, 100));
    for (const m of monitors) m.disconnect();
    monitors.length = 0;
    await work;
  } finally {
    for (const m of monitors) m.disconnect();
    await conn.close();
  }
  lines.sort((a, b) => a.t - b.t);
  return classifyCommands(lines, { match: opts.match, durationMs: Date.now() - started, truncated });
}
