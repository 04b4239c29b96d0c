/** What a running phase reports to the outside (progress display) and listens to (interrupts). */
export interface PhaseHooks {
  signal: AbortSignal;
  phaseStart(name: string, totalMs: number | null, totalRequests: number | null): void;
  progress(s: { elapsedMs: number; requests: number; rps: number; p99Ms: number | null; statuses: Record<string, number>; errors: number }): void;
  phaseEnd(): void;
}
