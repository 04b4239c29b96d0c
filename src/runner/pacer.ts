/**
 * Open-model arrival schedule: when the k-th request (k = 0, 1, 2...) is meant to be sent.
 *
 * The arrival rate r(t) is piecewise linear (constant stages are ramps with equal ends). The number
 * of arrivals by time t is N(t) = ∫₀ᵗ r(u) du, and request k is due at the t where N(t) = k, so
 * arrivals are evenly spaced at any rate (never a burst at the start of each second). Inside a stage
 * of length D that ramps r0 → r1, with k' arrivals left to place:
 *     N(t) = r0·t + (r1 − r0)·t² / (2D)  ⇒  t = (−r0 + √(r0² + 2·a·k')) / a,  a = (r1 − r0)/D
 * (t = k'/r0 when a = 0). Pure: a function of rate, stages and k only; tested without a network.
 */
export interface RateStage {
  durationMs: number;
  /** Rate (req/s) at the end of the stage; it starts at the previous stage's target (or `startRate`). */
  target: number;
}

export class ArrivalSchedule {
  /** Arrivals completed by the end of each stage, and each stage's start time. */
  private readonly stageEndCount: number[] = [];
  private readonly stageStartMs: number[] = [];
  private readonly stageStartRate: number[] = [];
  readonly totalMs: number;
  readonly totalArrivals: number;

  constructor(private readonly stages: RateStage[], startRate = 0) {
    let count = 0;
    let t = 0;
    let r0 = startRate;
    for (const s of stages) {
      this.stageStartMs.push(t);
      this.stageStartRate.push(r0);
      count += ((r0 + s.target) / 2) * (s.durationMs / 1000);
      this.stageEndCount.push(count);
      t += s.durationMs;
      r0 = s.target;
    }
    this.totalMs = t;
    // An arrival due exactly at the end belongs to the next phase; floor keeps the count honest.
    this.totalArrivals = Math.floor(count + 1e-9);
  }

  static constant(ratePerSec: number, durationMs: number): ArrivalSchedule {
    return new ArrivalSchedule([{ durationMs, target: ratePerSec }], ratePerSec);
  }

  /** Milliseconds from the phase start at which arrival k is due, or null when past the end. */
  timeOf(k: number): number | null {
    if (k >= this.totalArrivals) return null;
    let i = 0;
    while (i < this.stageEndCount.length && this.stageEndCount[i] <= k) i++;
    if (i === this.stageEndCount.length) return null;
    const before = i === 0 ? 0 : this.stageEndCount[i - 1];
    const left = k - before;
    const s = this.stages[i];
    const r0 = this.stageStartRate[i];
    const D = s.durationMs / 1000;
    const a = (s.target - r0) / D;
    const t = Math.abs(a) < 1e-12 ? left / r0 : (-r0 + Math.sqrt(r0 * r0 + 2 * a * left)) / a;
    return this.stageStartMs[i] + t * 1000;
  }

  /** The asked arrival rate (req/s) at a time, for progress lines and the achieved-rate check. */
  rateAt(ms: number): number {
    for (let i = 0; i < this.stages.length; i++) {
      const start = this.stageStartMs[i];
      const d = this.stages[i].durationMs;
      if (ms < start + d) {
        const r0 = this.stageStartRate[i];
        return r0 + ((this.stages[i].target - r0) * (ms - start)) / d;
      }
    }
    return this.stages.length ? this.stages[this.stages.length - 1].target : 0;
  }
}
