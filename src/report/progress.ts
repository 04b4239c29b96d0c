import { fmtDuration } from './format.js';

export interface ProgressSnapshot {
  elapsedMs: number;
  requests: number;
  rps: number;
  p99Ms: number | null;
  statuses: Record<string, number>;
  errors: number;
}

/** A CI log gets one plain line per this much phase time, not a line per update. */
export const PLAIN_INTERVAL_MS = 10_000;

/**
 * The live display of a running phase. On a TTY: one line redrawn in place (carriage return and
 * erase-line), kept as a record when the phase ends. Not a TTY (CI): a start line, a plain line at
 * most every 10 s of phase time, and an end line. Quiet: nothing at all.
 */
export class Progress {
  private name = '';
  private totalMs: number | null = null;
  private totalRequests: number | null = null;
  private last: ProgressSnapshot | null = null;
  private lastPlainAt = 0;
  private active = false;

  constructor(private readonly opts: { tty: boolean; quiet: boolean; stream: NodeJS.WriteStream }) {}

  phaseStart(name: string, totalMs: number | null, totalRequests: number | null): void {
    if (this.active) this.phaseEnd();
    this.name = name;
    this.totalMs = totalMs;
    this.totalRequests = totalRequests;
    this.last = null;
    this.lastPlainAt = 0;
    this.active = true;
    if (this.opts.quiet) return;
    if (!this.opts.tty) {
      const plan = [totalMs !== null ? fmtDuration(totalMs) : '', totalRequests !== null ? `${totalRequests} requests` : ''].filter(Boolean).join(', ');
      this.write(`phase ${name} started${plan ? ` (${plan})` : ''}\n`);
    }
  }

  update(s: ProgressSnapshot): void {
    if (!this.active) return;
    this.last = s;
    if (this.opts.quiet) return;
    if (this.opts.tty) {
      this.write(`\r\u001b[2K${this.fit(this.line(s))}`);
    } else if (s.elapsedMs - this.lastPlainAt >= PLAIN_INTERVAL_MS) {
      this.lastPlainAt = s.elapsedMs;
      this.write(`${this.line(s)}\n`);
    }
  }

  phaseEnd(): void {
    if (!this.active) return;
    this.active = false;
    if (this.opts.quiet) return;
    const s = this.last;
    if (this.opts.tty) {
      this.write(s ? `\r\u001b[2K${this.fit(this.line(s))}\n` : '');
    } else {
      this.write(s ? `${this.line(s)} (done)\n` : `phase ${this.name} done\n`);
    }
  }

  /** "api-flood  12.0s/30.0s  4512 req  380.2 rps  p99 12.30ms  200:4000 429:512  errors 0". */
  line(s: ProgressSnapshot): string {
    const time = this.totalMs !== null ? `${fmtDuration(s.elapsedMs)}/${fmtDuration(this.totalMs)}` : fmtDuration(s.elapsedMs);
    const reqs = this.totalRequests !== null ? `${s.requests}/${this.totalRequests} req` : `${s.requests} req`;
    const statuses = Object.entries(s.statuses)
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([code, n]) => `${code}:${n}`)
      .join(' ');
    const p99 = s.p99Ms === null ? 'p99 -' : `p99 ${s.p99Ms.toFixed(2)}ms`;
    return [this.name, time, reqs, `${s.rps.toFixed(1)} rps`, p99, statuses || 'no responses yet', `errors ${s.errors}`].join('  ');
  }

  /** A redrawn line must not wrap, or "\r" would redraw only its last row. */
  private fit(text: string): string {
    const cols = this.opts.stream.columns;
    return cols && text.length >= cols ? `${text.slice(0, Math.max(0, cols - 2))}…` : text;
  }

  private write(text: string): void {
    if (text) this.opts.stream.write(text);
  }
}
