import type { Algorithm } from '../options.js';

/** Which budget a request draws on: per client IP (public routes) or per user id (authenticated). */
export type Scope = 'ip' | 'user';

export interface LimitRequest {
  scope: Scope;
  identity: string;
  limit: number;
}

/** The outcome of one consume: what the headers and the 429 body are computed from. */
export interface Decision {
  allowed: boolean;
  limit: number;
  /** Requests still admitted in the current window after this one (0 when limited). */
  remaining: number;
  /** Milliseconds until a slot frees: sliding = the oldest entry leaves the window; fixed = the window ends. */
  resetMs: number;
}

export interface StoreConfig {
  algorithm: Algorithm;
  windowMs: number;
  /** Fault `race`: check and write are separate steps with a gap between them. */
  race: boolean;
  /** Fault `lost-expire`: nothing ever expires, so the window never recovers. */
  lostExpire: boolean;
}

/** One interface, two stores (memory, Redis). `consume` rejects when the store itself fails. */
export interface LimiterStore {
  readonly kind: 'memory' | 'redis';
  consume(req: LimitRequest): Promise<Decision>;
  /** False while the store cannot answer (Redis down); /health reports it. */
  available(): boolean;
  close(): Promise<void>;
}

/**
 * Gap between the read and the write under fault `race`. It stands in for the application work or
 * database round trip that sits between check and set in real bugs; long enough that a 40-connection
 * burst reliably lands inside it.
 */
export const RACE_GAP_MS = 25;
