import type { SeriesPoint } from '../model/result.js';
import { CLASS_COUNT, STATUS_CLASSES } from './status-class.js';
import { createHistogram, type Histogram } from './histogram.js';

/**
 * Per-second counters for over-time charts. The caller rolls the bucket from a 1 s timer, so the
 * per-response path does no clock reads. Memory is one small object per second of the phase; past
 * MAX_POINTS, neighbouring points are merged pairwise so a day-long soak stays bounded.
 */
const MAX_POINTS = 7200;

export class SeriesBuilder {
  private readonly points: SeriesPoint[] = [];
  private requests = 0;
  private errors = 0;
  private readonly classes = new Uint32Array(CLASS_COUNT);
  private readonly second: Histogram = createHistogram();
  private t = 0;
  /** Seconds covered by one point (doubles each time the series is compacted). */
  private step = 1;

  onResponse(classIndex: number, latencyUs: number): void {
    this.requests++;
    this.classes[classIndex]++;
    this.second.recordValue(latencyUs);
  }

  onError(): void {
    this.requests++;
    this.errors++;
  }

  /** Closes the current point (called from a 1 s timer). */
  roll(): void {
    const statuses: SeriesPoint['statuses'] = {};
    for (let i = 0; i < CLASS_COUNT; i++) if (this.classes[i] > 0) statuses[STATUS_CLASSES[i]] = this.classes[i];
    this.points.push({
      t: this.t,
      requests: this.requests,
      statuses,
      errors: this.errors,
      p99: this.second.totalCount > 0 ? Math.round(this.second.getValueAtPercentile(99)) / 1000 : null,
    });
    this.t += this.step;
    this.requests = 0;
    this.errors = 0;
    this.classes.fill(0);
    this.second.reset();
    if (this.points.length > MAX_POINTS) this.compact();
  }

  /** Live view for progress lines: the last closed second. */
  last(): SeriesPoint | undefined {
    return this.points[this.points.length - 1];
  }

  finish(): SeriesPoint[] {
    if (this.requests > 0) this.roll();
    return this.points;
  }

  private compact(): void {
    const merged: SeriesPoint[] = [];
    for (let i = 0; i < this.points.length; i += 2) {
      const a = this.points[i];
      const b = this.points[i + 1];
      if (!b) { merged.push(a); continue; }
      const statuses: SeriesPoint['statuses'] = { ...a.statuses };
      for (const [k, v] of Object.entries(b.statuses)) statuses[k as keyof typeof statuses] = (statuses[k as keyof typeof statuses] ?? 0) + (v ?? 0);
      // Requests per point stay per-second rates' sums; the chart divides by the step it reads from t.
      merged.push({ t: a.t, requests: a.requests + b.requests, statuses, errors: a.errors + b.errors, p99: Math.max(a.p99 ?? 0, b.p99 ?? 0) || null });
    }
    this.points.length = 0;
    this.points.push(...merged);
    this.step *= 2;
  }
}
