import type { Phase } from '../model/scenario.js';
import type { PhaseResult } from '../model/result.js';

/** What a run has sent to each path, and when: a later rate probe must know its budget was touched. */
export class SentLog {
  private readonly entries: Array<{ path: string; count: number; atMs: number }> = [];

  /** Records a finished phase's requests per path (query strings dropped). */
  add(phase: Phase, result: PhaseResult, atMs = Date.now()): void {
    if (phase.kind === 'burst' || phase.kind === 'flood') {
      for (const entry of phase.mix) {
        const stats = result.requests.find((r) => r.name === (entry.name ?? ''));
        if (stats) this.entries.push({ path: bare(entry.path), count: stats.requests, atMs });
      }
      return;
    }
    this.entries.push({ path: bare(phase.request.path), count: result.totals.requests, atMs });
  }

  /** Requests sent to `path` by phases that ended within the last `windowMs`. */
  recent(path: string, windowMs: number, nowMs = Date.now()): number {
    const p = bare(path);
    return this.entries.filter((e) => e.path === p && e.atMs >= nowMs - windowMs).reduce((n, e) => n + e.count, 0);
  }
}

const bare = (path: string): string => path.split('?')[0];
