import type { Phase } from '../model/scenario.js';
import type { PhaseResult } from '../model/result.js';

/**
 * What a run has sent to each route as each identity (auth profile), and when: a later rate probe
 * of the same route and identity must know its budget was touched. Other identities do not count.
 */
export class SentLog {
  private readonly entries: Array<{ path: string; count: number; atMs: number }> = [];

  /** Records a finished phase's requests per path (query strings dropped). */
  add(phase: Phase, result: PhaseResult, atMs = Date.now()): void {
    if (phase.kind === 'burst' || phase.kind === 'flood') {
      for (const entry of phase.mix) {
        const stats = result.requests.find((r) => r.name === (entry.name ?? ''));
        if (stats) this.entries.push({ path: key(entry.path, entry.auth), count: stats.requests, atMs });
      }
      return;
    }
    this.entries.push({ path: key(phase.request.path, phase.request.auth), count: result.totals.requests, atMs });
  }

  /** Requests sent to `path` as `auth` by phases that ended within the last `windowMs`. */
  recent(path: string, auth: string | undefined, windowMs: number, nowMs = Date.now()): number {
    const p = key(path, auth);
    return this.entries.filter((e) => e.path === p && e.atMs >= nowMs - windowMs).reduce((n, e) => n + e.count, 0);
  }
}

const key = (path: string, auth: string | undefined): string => `${auth ?? ''} ${path.split('?')[0]}`;
