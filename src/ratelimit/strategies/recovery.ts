import type { Finding } from '../../model/result.js';
import { classifyStream, isLimited, type RawEntry } from '../classify.js';
import { CODES, finding } from '../codes.js';
import type { ProbeContext } from '../context.js';
import { retryAfterSlackSeconds } from '../retry-after.js';
import type { TimelineEntry } from '../types.js';
import type { Strategy, StrategyOutcome } from './strategy.js';

/** Most requests the under-rate check sends, whatever the limit. */
const MAX_UNDER_RATE_REQUESTS = 60;
/** The under-rate client runs this many windows: more than one, so a window boundary is crossed. */
const UNDER_RATE_WINDOWS = 1.25;

/**
 * After the first limited answer: wait what the server said (Retry-After, else the reset header,
 * else the window; never more than window + slack) and try again — it must be admitted. Then a
 * client staying at half the limit over more than one window must never be limited.
 */
export const recovery: Strategy = {
  name: 'recovery',
  needsFreshBudget: false,
  async run(ctx: ProbeContext): Promise<StrategyOutcome> {
    const before = ctx.streams.get('sequential') ?? ctx.streams.get('concurrent') ?? [];
    const limited = [...before].reverse().find(isLimited);
    if (!limited) {
      const f = finding(CODES.STRATEGY_SKIPPED, 'recovery: skipped, no limited answer to recover from (the sequential stream was never limited; its findings say why)');
      return { entries: [], findings: [f], summary: 'skipped: nothing was limited' };
    }
    const findings: Finding[] = [];
    const raw: RawEntry[] = [];
    const { waitMs, said } = serverWait(limited, ctx.policy.windowMs);
    const maxMs = ctx.policy.windowMs + retryAfterSlackSeconds(ctx.policy.windowMs) * 1000;
    const answeredAt = limited.sendOffsetMs + limited.latencyMs;
    let index = 1;
    ctx.announce(answeredAt + waitMs - ctx.nowOffset(), `as ${said} said, then checking recovery`);
    await ctx.wait(answeredAt + waitMs - ctx.nowOffset());
    raw.push(await ctx.send({ strategy: 'recovery', identity: 'A', index: index++ }));
    let entries = classifyStream(raw, ctx.policy);
    if (isLimited(entries[0]) && waitMs < maxMs) {
      // Still limited after the server's own wait: try once more at the longest legitimate wait.
      ctx.announce(answeredAt + maxMs - ctx.nowOffset(), 'more (window + slack): still limited after the announced wait');
      await ctx.wait(answeredAt + maxMs - ctx.nowOffset());
      raw.push(await ctx.send({ strategy: 'recovery', identity: 'A', index: index++ }));
      entries = classifyStream(raw, ctx.policy);
      // Without a server value the first wait was our own guess (the declared window): nothing to blame.
      if (entries[1].outcome === 'admitted' && said !== NO_SERVER_WAIT) {
        findings.push(finding(CODES.RETRY_AFTER_TOO_SHORT, `recovery: still limited ${Math.round(waitMs / 1000)}s after request ${limited.index} as ${said} said; admitted only after ${Math.round(maxMs / 1000)}s`, { waitedMs: Math.round(waitMs), said }));
      }
    }
    const last = entries[entries.length - 1];
    if (last.status === null || last.outcome === 'unreached' || last.outcome === 'server-error') {
      findings.push(finding(CODES.STRATEGY_NOT_APPLICABLE, `recovery: the request after the wait got ${last.status ?? last.errorKind} (not an answer from the limiter)`, { status: last.status }));
      return { entries, findings, summary: 'recovery could not be judged' };
    }
    const waited = Math.round((last.sendOffsetMs - answeredAt) / 100) / 10;
    if (last.outcome !== 'admitted') {
      findings.push(finding(CODES.NO_RECOVERY, `no recovery: still limited (${last.status}) ${waited}s after request ${limited.index} was limited, longer than the ${ctx.policy.windowMs / 1000}s window plus slack: the server's window is longer than declared, or a key never expires (lost EXPIRE/TTL)`, { limitedAt: limited.index, waitedSeconds: waited, status: last.status }));
      return { entries, findings, summary: `still limited after ${waited}s` };
    }
    findings.push(finding(CODES.RECOVERED, `recovered: admitted ${waited}s after request ${limited.index} was limited (${said})`, { waitedSeconds: waited, said }));
    if (ctx.policy.limit < 2) {
      findings.push(finding(CODES.STRATEGY_SKIPPED, 'recovery: under-rate client skipped: with a limit of 1 there is no rate below the limit within one window'));
      return { entries, findings, summary: `admitted again after ${waited}s` };
    }
    const under = await underRate(ctx, index, raw);
    entries = under.entries;
    findings.push(...under.findings);
    return { entries, findings, summary: `admitted again after ${waited}s; ${under.summary}` };
  },
};

/** How long the limited answer told the client to wait, in ms, and which header said so. */
export function serverWait(e: TimelineEntry, windowMs: number): { waitMs: number; said: string } {
  const maxS = windowMs / 1000 + retryAfterSlackSeconds(windowMs);
  const ra = e.retryAfter;
  if (ra && ra.seconds !== null && ra.seconds >= 0 && ra.seconds <= maxS) {
    return { waitMs: ra.seconds * 1000, said: `Retry-After ${ra.raw}` };
  }
  const reset = e.limits?.resetSeconds;
  if (typeof reset === 'number' && reset >= 0 && reset <= maxS) return { waitMs: reset * 1000, said: `reset ${reset.toFixed(1)}s` };
  return { waitMs: windowMs, said: NO_SERVER_WAIT };
}

const NO_SERVER_WAIT = 'the declared window (no usable Retry-After or reset)';

/** A client at half the limit for more than one window; any limited answer is a FAIL. */
async function underRate(ctx: ProbeContext, firstIndex: number, recovered: RawEntry[]): Promise<{ entries: TimelineEntry[]; findings: Finding[]; summary: string }> {
  const { limit, windowMs } = ctx.policy;
  const perWindow = Math.max(1, Math.floor(limit / 2));
  const spacing = Math.max(windowMs / perWindow, (windowMs * UNDER_RATE_WINDOWS) / MAX_UNDER_RATE_REQUESTS);
  const n = Math.min(MAX_UNDER_RATE_REQUESTS, Math.ceil((windowMs * UNDER_RATE_WINDOWS) / spacing));
  const raw: RawEntry[] = [];
  ctx.announce(n * spacing, `for the under-rate client (${n} requests)`);
  const start = ctx.nowOffset();
  for (let i = 0; i < n; i++) {
    if (!(await ctx.wait(start + (i + 1) * spacing - ctx.nowOffset()))) break;
    raw.push(await ctx.send({ strategy: 'recovery', identity: 'A', index: firstIndex + i }));
  }
  // Classified after the recovered (admitted) request, so a 403/503 here reads as a limit.
  const all = classifyStream([...recovered, ...raw], ctx.policy);
  const entries = all.slice(recovered.length);
  const rate = `${n} requests ${Math.round(spacing)}ms apart (≤ ${perWindow} per ${windowMs}ms window, limit ${limit})`;
  const hit = entries.find(isLimited);
  if (hit) {
    return { entries: all, findings: [finding(CODES.UNDER_RATE_LIMITED, `under-rate client limited: request ${hit.index} got ${hit.status} while sending ${rate}`, { index: hit.index, status: hit.status, spacingMs: Math.round(spacing) })], summary: `under-rate client limited at #${hit.index}` };
  }
  if (raw.length < n) {
    return { entries: all, findings: [finding(CODES.PROBE_TIME_BUDGET, `under-rate check stopped after ${raw.length} of ${n} requests: the probe's time budget ran out`)], summary: 'under-rate check cut short' };
  }
  const admitted = entries.filter((e) => e.outcome === 'admitted').length;
  if (admitted < entries.length) return { entries: all, findings: [], summary: `under-rate: ${admitted} of ${entries.length} admitted` };
  return { entries: all, findings: [finding(CODES.UNDER_RATE_ADMITTED, `under-rate client never limited: ${rate}`, { requests: n, spacingMs: Math.round(spacing) })], summary: `under-rate: all ${n} admitted` };
}
