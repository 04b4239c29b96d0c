import type { HistogramRecord, RequestStats, SeriesPoint } from '../model/result.js';
import { createHistogram, encodeHistogram, summarize, mergeHistograms, type Histogram } from './histogram.js';
import { CLASS_COUNT, STATUS_CLASSES, statusClassIndex } from './status-class.js';
import { SeriesBuilder } from './series.js';

const MAX_STATUS = 600;

/** Per request name: exact status counts, errors by kind, and one histogram per status class. */
interface NameSlot {
  readonly statuses: Uint32Array;
  readonly errors: Map<string, number>;
  /** Latency from actual send, per status class (lazily created). */
  readonly response: Array<Histogram | undefined>;
  /** Open model only: latency from the intended send time, per status class. */
  readonly intended: Array<Histogram | undefined>;
}

/**
 * Records one phase's responses. `recordResponse` is the hottest path of the project: it does
 * array indexing and histogram increments only — no allocation, no clock read, no string work.
 */
export class PhaseRecorder {
  private readonly slots: NameSlot[];
  readonly series = new SeriesBuilder();
  responses = 0;
  errors = 0;

  constructor(readonly names: readonly string[], readonly openModel = false) {
    this.slots = names.map(() => ({
      statuses: new Uint32Array(MAX_STATUS),
      errors: new Map(),
      response: new Array(CLASS_COUNT),
      intended: new Array(CLASS_COUNT),
    }));
  }

  /** `intendedUs` is the open model's latency from the scheduled send time; omit for closed model. */
  recordResponse(nameIndex: number, status: number, latencyUs: number, intendedUs?: number): void {
    const slot = this.slots[nameIndex];
    if (status >= 0 && status < MAX_STATUS) slot.statuses[status]++;
    const c = statusClassIndex(status);
    const us = latencyUs < 1 ? 1 : latencyUs;
    (slot.response[c] ??= createHistogram()).recordValue(us);
    const headline = intendedUs === undefined ? us : intendedUs < 1 ? 1 : intendedUs;
    if (intendedUs !== undefined) (slot.intended[c] ??= createHistogram()).recordValue(headline);
    this.series.onResponse(c, headline);
    this.responses++;
  }

  recordError(nameIndex: number, kind: string): void {
    const errors = this.slots[nameIndex].errors;
    errors.set(kind, (errors.get(kind) ?? 0) + 1);
    this.series.onError();
    this.errors++;
  }

  /** p99 (ms) of everything recorded so far, for the progress line. */
  p99SoFar(): number | null {
    // Merged on demand (a few times a second) rather than recorded a third time per response.
    const parts: Histogram[] = [];
    for (const slot of this.slots) for (const h of this.openModel ? slot.intended : slot.response) if (h && h.totalCount > 0) parts.push(h);
    if (parts.length === 0) return null;
    const all = parts.length === 1 ? parts[0] : mergeHistograms(parts);
    return all.getValueAtPercentile(99) / 1000;
  }

  statusTotals(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const slot of this.slots) addStatuses(out, slot.statuses);
    return out;
  }

  /**
   * Builds per-name stats. `isSuccess` decides which statuses count (default 2xx/3xx); 429 and 5xx
   * never do, whatever the caller says.
   */
  finish(elapsedMs: number, isSuccess: (status: number) => boolean): { requests: RequestStats[]; series: SeriesPoint[] } {
    return { requests: this.stats(elapsedMs, isSuccess), series: this.series.finish() };
  }

  /** Per-name stats so far, leaving the per-second series open (for mid-phase threshold checks). */
  stats(elapsedMs: number, isSuccess: (status: number) => boolean): RequestStats[] {
    const ok = (s: number): boolean => s !== 429 && s < 500 && isSuccess(s);
    return this.slots.map((slot, i) => this.nameStats(this.names[i], slot, elapsedMs, ok));
  }

  private nameStats(name: string, slot: NameSlot, elapsedMs: number, ok: (s: number) => boolean): RequestStats {
    const statuses: Record<string, number> = {};
    addStatuses(statuses, slot.statuses);
    let responses = 0;
    let successes = 0;
    for (const [code, n] of Object.entries(statuses)) {
      responses += n;
      if (ok(Number(code))) successes += n;
    }
    let errorCount = 0;
    for (const n of slot.errors.values()) errorCount += n;
    const histograms: HistogramRecord[] = [];
    const headline = this.openModel ? slot.intended : slot.response;
    for (let c = 0; c < CLASS_COUNT; c++) {
      for (const [timing, hs] of [['response', slot.response], ['intended', slot.intended]] as const) {
        const h = hs[c];
        if (h && h.totalCount > 0) histograms.push({ statusClass: STATUS_CLASSES[c], timing, summary: summarize(h), hdr: encodeHistogram(h) });
      }
    }
    // Headline latency: the successful responses only (2xx and 3xx), so errors never flatten it.
    const good = [headline[1], headline[2]].filter((h): h is Histogram => !!h && h.totalCount > 0);
    const latency = good.length === 0 ? null : summarize(good.length === 1 ? good[0] : mergeHistograms(good));
    return {
      name,
      requests: responses + errorCount,
      statuses,
      errors: Object.fromEntries(slot.errors),
      successes,
      rps: elapsedMs > 0 ? round2((responses + errorCount) / (elapsedMs / 1000)) : 0,
      latency,
      histograms,
    };
  }
}

function addStatuses(out: Record<string, number>, counts: Uint32Array): void {
  for (let s = 0; s < counts.length; s++) if (counts[s] > 0) out[s] = (out[s] ?? 0) + counts[s];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
