import type { Scenario } from '../model/scenario.js';
import { parseDuration } from '../scenario/duration.js';
import { startTarget, type RunningTarget } from '../target/index.js';

/** Whether a scenario's target means "start the embedded reference target". */
export function wantsEmbedded(target: string | undefined): boolean {
  return target === undefined || target === '' || target === 'embedded';
}

/** Starts the embedded target in-process on a free loopback port, with the scenario's options. */
export function startEmbedded(s: Scenario): Promise<RunningTarget> {
  const e = s.embedded ?? {};
  return startTarget({
    port: 0,
    host: '127.0.0.1',
    redis: e.redis,
    corsOrigin: e.corsOrigin,
    publicLimit: e.publicLimit,
    userLimit: e.userLimit,
    windowMs: e.window === undefined ? undefined : parseDuration(e.window, 'embedded.window'),
    jwtSecret: e.jwtSecret,
    quiet: true,
  });
}
