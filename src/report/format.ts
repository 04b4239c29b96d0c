/** Number formatting shared by every reporter, so console, Markdown, HTML and JUnit agree. */

/** Milliseconds with precision that matches the magnitude (µs detail only where it matters). */
export function fmtMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-';
  return v.toFixed(v < 10 ? 3 : v < 1000 ? 2 : 1);
}

export function fmtRps(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-';
  return v.toFixed(v < 10 ? 2 : 1);
}

/** A 0..1 fraction as a percentage. */
export function fmtPct(f: number | null | undefined): string {
  if (f === null || f === undefined || !Number.isFinite(f)) return '-';
  const p = f * 100;
  return `${p === 0 || p === 100 ? p.toFixed(0) : p.toFixed(2)}%`;
}

export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}

/** Observed value of a threshold in its metric's unit (latency ms, rates as %, else plain). */
export function fmtThresholdObserved(metric: string, expression: string, observed: number | null): string {
  if (observed === null) return 'no data';
  if (metric.startsWith('latency')) return `${+observed.toFixed(3)} ms`;
  if (/^\s*rate\b/.test(expression)) return fmtPct(observed);
  return `${+observed.toFixed(3)}`;
}

export function sum(values: Iterable<number>): number {
  let n = 0;
  for (const v of values) n += v;
  return n;
}
