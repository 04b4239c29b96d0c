/**
 * Deliberate defects the reference target can be started with, so every limitprobe finding has a
 * real server that produces it. Each one mimics a bug seen in production limiters.
 */
export type FaultName =
  | 'race'
  | 'lost-expire'
  | 'status-503'
  | 'status-403'
  | 'error-body-200'
  | 'retry-after-ms'
  | 'retry-after-negative'
  | 'fail-open'
  | 'no-cors-on-429'
  | 'spoofable-ip'
  | 'no-rate-headers'
  | 'preflight-consumes';

export const FAULT_INFO: Readonly<Record<FaultName, string>> = {
  race: 'non-atomic check-then-set (read, a 25 ms gap, then write): concurrent requests are over-admitted',
  'lost-expire': 'limiter keys never expire (Redis PTTL -1) and the window never recovers',
  'status-503': 'limited answers use 503 instead of 429',
  'status-403': 'limited answers use 403 instead of 429',
  'error-body-200': 'limited answers are 200 with {"success":false,"error":"Too many requests"}',
  'retry-after-ms': 'Retry-After is sent in milliseconds instead of seconds',
  'retry-after-negative': 'Retry-After is a negative number',
  'fail-open': 'when the limiter store fails, every request is admitted instead of answering 503',
  'no-cors-on-429': 'limited answers carry no CORS headers (browsers cannot read them)',
  'spoofable-ip': 'client identity taken from X-Forwarded-For without a trusted proxy: changing it resets the budget',
  'no-rate-headers': 'no rate-limit headers at all (Retry-After is still sent)',
  'preflight-consumes': 'OPTIONS preflights consume the per-IP quota and can themselves be limited',
};

export const FAULTS: readonly FaultName[] = Object.keys(FAULT_INFO) as FaultName[];

export function isFaultName(value: string): value is FaultName {
  return Object.prototype.hasOwnProperty.call(FAULT_INFO, value);
}
