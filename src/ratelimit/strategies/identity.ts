import type { Finding } from '../../model/result.js';
import { classifyStream, isLimited, type RawEntry } from '../classify.js';
import { CODES, finding } from '../codes.js';
import { FORWARDED_B, type ProbeContext } from '../context.js';
import type { TimelineEntry } from '../types.js';
import type { Strategy, StrategyOutcome } from './strategy.js';

/** Client-controlled values a limiter must not key on unless a trusted proxy sets them. */
const FORGED_ADDRESS = '203.0.113.';
/** The client-address headers proxies and CDNs set, all forged at once (any one keyed on resets A). */
const ADDRESS_HEADERS = ['x-forwarded-for', 'x-real-ip', 'true-client-ip', 'cf-connecting-ip', 'x-client-ip', 'x-cluster-client-ip', 'fastly-client-ip'];
const FORGED_NAMES = 'X-Forwarded-For, X-Real-IP, True-Client-IP, CF-Connecting-IP, X-Client-IP, X-Cluster-Client-IP, Fastly-Client-IP and Forwarded';

/**
 * With A's budget exhausted (by the sequential stream): identity B must still be admitted, and A
 * changing a value it controls (the client-address headers of ADDRESS_HEADERS) must still be limited.
 */
export const identity: Strategy = {
  name: 'identity',
  needsFreshBudget: false,
  async run(ctx: ProbeContext): Promise<StrategyOutcome> {
    const seq = ctx.streams.get('sequential') ?? [];
    if (!seq.some(isLimited)) {
      return { entries: [], findings: [finding(CODES.STRATEGY_SKIPPED, 'identity: skipped, the sequential stream was never limited (its findings say why)')], summary: 'skipped: nothing was limited' };
    }
    let index = 1;
    const raw: RawEntry[] = [];
    const send = async (who: string, headers: Record<string, string>) => {
      const e = await ctx.send({ strategy: 'identity', identity: who, index: index++, headers });
      raw.push(e);
      return e;
    };
    // Control: A, unchanged, is limited now; otherwise nothing below can be judged.
    await send('A', ctx.headers);
    const control = classifyStream([...seq, ...raw], ctx.policy).at(-1)!;
    if (!isLimited(control)) {
      const entries = classifyStream(raw, ctx.policy);
      const why = ctx.config.count > ctx.policy.limit
        ? 'admitted again right after its limited stream (a window edge, or a limiter that forgets its count: see the sequential findings)'
        : 'its budget is not exhausted; raise --count above the limit';
      return { entries, findings: [finding(CODES.STRATEGY_NOT_APPLICABLE, `identity: identity A is not limited now (request answered ${control.status ?? control.errorKind}), so isolation cannot be checked: ${why}`)], summary: 'skipped: A not limited' };
    }
    const findings: Finding[] = [];
    const trusted = ctx.config.forwardedHeader?.toLowerCase();
    // With a trusted forwarding header a new address there is a new client: nothing to forge.
    if (!trusted) {
      const forged = `${FORGED_ADDRESS}${1 + Math.floor(Math.random() * 250)}`;
      const spoofed = Object.fromEntries(ADDRESS_HEADERS.map((h) => [h, forged]));
      const spoof = await send('A+xff', { ...ctx.headers, ...spoofed, forwarded: `for=${forged}` });
      const all = classifyStream([...seq, ...raw], ctx.policy);
      findings.push(judgeClientValue(all.at(-1)!, spoof.status));
    }
    const entries = classifyStream([...seq, ...raw], ctx.policy).slice(seq.length);
    const other = ctx.config.otherHeaders ?? (trusted ? { [trusted]: FORWARDED_B } : undefined);
    if (other && ctx.policy.scope === 'global') {
      findings.push(finding(CODES.STRATEGY_NOT_APPLICABLE, 'identity: a global limit is shared by every identity, so identity B was not checked (declare --scope ip or user)'));
    } else if (other) {
      // B is its own stream: its first answer must not read as "limited after admitted" of A's.
      const b = classifyStream([await send('B', otherIdentityHeaders(ctx, other))], ctx.policy)[0];
      entries.push({ ...b, index: index - 1 });
      findings.push(judgeOther(b, ctx.policy.scope, ctx.config.otherHeaders ? undefined : ctx.config.forwardedHeader));
    }
    return { entries, findings, summary: entries.map((e) => `${e.identity} → ${e.status ?? e.errorKind}`).join(', ') };
  },
};

/** B's request: the configured headers with B's credentials in place of A's (and the same Origin). */
function otherIdentityHeaders(ctx: ProbeContext, other: Record<string, string>): Record<string, string> {
  const replaced = new Set(Object.keys(other).map((k) => k.toLowerCase()));
  const base = Object.fromEntries(Object.entries(ctx.headers).filter(([k]) => !replaced.has(k.toLowerCase())));
  return { ...base, ...other };
}

function judgeClientValue(e: TimelineEntry, status: number | null): Finding {
  if (isLimited(e)) return finding(CODES.CLIENT_VALUE_IGNORED, `identity: with A's budget exhausted, a request with forged ${FORGED_NAMES} was still limited (${e.status})`, { status });
  if (e.outcome === 'admitted') {
    return finding(CODES.BUDGET_RESET_BY_CLIENT_VALUE, `identity: A's budget was exhausted, but the same client with forged client-address headers (${FORGED_NAMES}) was admitted (${e.status}): the limiter keys on a header clients control; trust forwarding headers only from your own proxy`, { status, headers: [...ADDRESS_HEADERS, 'forwarded'] });
  }
  return finding(CODES.STRATEGY_NOT_APPLICABLE, `identity: the request with forged client-address headers answered ${e.status ?? e.errorKind}; cannot judge`, { status });
}

function judgeOther(e: TimelineEntry, scope: string, forwardedHeader?: string): Finding {
  if (e.outcome === 'admitted') return finding(CODES.IDENTITY_ISOLATED, `identity: with A's budget exhausted, identity B was admitted (${e.status}): budgets are kept per identity`, { status: e.status });
  if (isLimited(e)) {
    const why = forwardedHeader
      ? `the service was declared to trust ${forwardedHeader}, but two addresses in it share one budget (it keys on the connecting address, e.g. the proxy's)`
      : `declared scope ${scope}, but both draw on one budget (keyed by IP or a constant instead of the user?)`;
    return finding(CODES.IDENTITY_NOT_ISOLATED, `identity: exhausting A also limited identity B (${e.status}); ${why}`, { status: e.status, scope });
  }
  return finding(CODES.STRATEGY_NOT_APPLICABLE, `identity: identity B's request answered ${e.status ?? e.errorKind}, not an answer from the limited route; check --other-bearer / --other-header`, { status: e.status });
}
