import type { Decision, LimiterStore, LimitRequest } from './limiter/types.js';

/** What the limiter said: a decision, or the store failed and the request was admitted or refused. */
export type GuardResult =
  | { kind: 'decided'; decision: Decision }
  | { kind: 'failed-open' }
  | { kind: 'unavailable'; reason: string };

/** Asks the store; a store failure becomes `failed-open` (fault fail-open) or `unavailable` (503). */
export async function guard(store: LimiterStore, req: LimitRequest, failOpen: boolean): Promise<GuardResult> {
  try {
    return { kind: 'decided', decision: await store.consume(req) };
  } catch (e) {
    if (failOpen) return { kind: 'failed-open' };
    return { kind: 'unavailable', reason: e instanceof Error ? e.message : String(e) };
  }
}
