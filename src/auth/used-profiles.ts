import type { Scenario } from '../model/scenario.js';

/** Names of the auth profiles the phases refer to (request.auth, mix[].auth, otherAuth), in order. */
export function usedProfiles(scenario: Pick<Scenario, 'phases'>): string[] {
  const names = new Set<string>();
  for (const phase of scenario.phases) {
    if (phase.kind === 'burst' || phase.kind === 'flood') {
      for (const entry of phase.mix) if (entry.auth) names.add(entry.auth);
    } else {
      if (phase.request.auth) names.add(phase.request.auth);
      if (phase.kind === 'rate-probe' && phase.otherAuth) names.add(phase.otherAuth);
    }
  }
  return [...names];
}
