import { createHash } from 'node:crypto';
import type { Finding } from '../../model/result.js';
import { isExpire, isIncrement, isRead, isWrite, keysOf, SCRIPT_COMMANDS } from './commands.js';

/** One MONITOR line: `<unix seconds.µs> [<db> <source>] "CMD" "arg"…`; source is "lua" inside scripts. */
export interface MonitorLine {
  t: number;
  db: string;
  source: string;
  args: string[];
}

/** Commands executed as one unit: a script with what it ran inside, a MULTI…EXEC block, or one command. */
interface Unit {
  kind: 'script' | 'transaction' | 'command';
  source: string;
  t: number;
  /** Top-level command name (EVALSHA, EXEC, INCR…). */
  cmd: string;
  keys: string[];
  /** Every command executed, including those inside the script/transaction. */
  inner: string[];
  watched: boolean;
  line: MonitorLine;
}

export type Mechanism = 'lua script' | 'function' | 'transaction' | 'single command' | 'separate commands' | 'mixed' | 'none';

export interface ForensicsReport {
  durationMs: number;
  lines: number;
  truncated: boolean;
  /** Commands on limiter keys, top-level (a script counts once). */
  limiterCommands: number;
  /** Estimated requests the limiter handled (one per repeat of its first command on a key). */
  requests: number;
  commandsPerRequest: number | null;
  /** true: every request was one script/function/transaction; false: some were split; null: no traffic. */
  atomic: boolean | null;
  mechanism: Mechanism;
  algorithm: string | null;
  sampleKeys: string[];
  /** Sanitised lines (commands and key names only, never values) showing what was concluded. */
  evidence: string[];
  findings: Finding[];
}

export const FORENSIC_CODES = {
  nonAtomicExpire: 'REDIS_NON_ATOMIC_EXPIRE',
  checkThenAct: 'REDIS_CHECK_THEN_ACT',
  atomic: 'REDIS_LIMITER_ATOMIC',
  noTraffic: 'REDIS_MONITOR_NO_LIMITER_TRAFFIC',
  truncated: 'REDIS_MONITOR_TRUNCATED',
} as const;

/** Glob (`*`, `?`, `[…]`) → RegExp, as SCAN MATCH reads it. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) re += '\\[';
      else {
        re += '[' + glob.slice(i + 1, end).replace(/\\/g, '\\\\').replace(/^\^/, '\\^') + ']';
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) re += '\\' + glob[++i];
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

/** Group lines into units: script lines follow their EVAL; MULTI…EXEC gathers by source. */
export function toUnits(lines: MonitorLine[]): Unit[] {
  const units: Unit[] = [];
  const openTx = new Map<string, Unit>();
  const watching = new Set<string>();
  let lastScript: Unit | undefined;
  for (const line of lines) {
    const cmd = (line.args[0] ?? '').toUpperCase();
    if (line.source === 'lua') {
      if (lastScript) {
        lastScript.inner.push(cmd);
        for (const k of keysOf(line.args)) if (!lastScript.keys.includes(k)) lastScript.keys.push(k);
      }
      continue;
    }
    lastScript = undefined;
    const tx = openTx.get(line.source);
    if (tx) {
      if (cmd === 'EXEC' || cmd === 'DISCARD') {
        openTx.delete(line.source);
        tx.cmd = cmd === 'EXEC' ? 'EXEC' : 'DISCARD';
        if (cmd === 'EXEC') units.push(tx);
        continue;
      }
      tx.inner.push(cmd);
      for (const k of keysOf(line.args)) if (!tx.keys.includes(k)) tx.keys.push(k);
      continue;
    }
    if (cmd === 'WATCH') {
      watching.add(line.source);
      continue;
    }
    if (cmd === 'UNWATCH') {
      watching.delete(line.source);
      continue;
    }
    if (cmd === 'MULTI') {
      openTx.set(line.source, { kind: 'transaction', source: line.source, t: line.t, cmd: 'MULTI', keys: [], inner: [], watched: watching.has(line.source), line });
      watching.delete(line.source);
      continue;
    }
    const unit: Unit = {
      kind: SCRIPT_COMMANDS.has(cmd) ? 'script' : 'command',
      source: line.source,
      t: line.t,
      cmd,
      keys: keysOf(line.args),
      inner: [cmd],
      watched: watching.has(line.source),
      line,
    };
    if (unit.kind === 'script') lastScript = unit;
    units.push(unit);
  }
  return units;
}

/** Sanitised evidence line: time, source, command and key names; values and script bodies never shown. */
export function describeLine(l: MonitorLine, t0: number): string {
  const cmd = (l.args[0] ?? '').toUpperCase();
  const keys = keysOf(l.args);
  let what = cmd;
  if (SCRIPT_COMMANDS.has(cmd)) {
    const target = cmd.startsWith('EVALSHA') || cmd.startsWith('FCALL') ? l.args[1] : `<script ${l.args[1]?.length ?? 0} chars>`;
    what = `${cmd} ${target} keys=[${keys.join(', ')}]`;
  } else if (keys.length > 0) what = `${cmd} ${keys.join(' ')}`;
  return `+${(l.t - t0).toFixed(3)}s ${l.source} ${what}`;
}

interface Request {
  units: Unit[];
}

/**
 * Split each key's stream of units into requests: a request starts again whenever the stream's
 * first command repeats (INCR, EXPIRE, INCR, INCR → 3 requests). Streams are per key, not per
 * connection, because apps spread one client's requests over a pool: interleaved requests still
 * show a read and a later write (or an increment and a later EXPIRE) as separate commands.
 */
function toRequests(units: Unit[]): Request[] {
  const streams = new Map<string, Unit[]>();
  for (const u of units) {
    const id = u.keys.slice().sort().join('\u0001');
    streams.set(id, [...(streams.get(id) ?? []), u]);
  }
  const requests: Request[] = [];
  for (const s of streams.values()) {
    const anchor = signature(s[0]);
    let current: Request | undefined;
    for (const u of s) {
      if (!current || signature(u) === anchor) {
        current = { units: [] };
        requests.push(current);
      }
      current.units.push(u);
    }
  }
  return requests;
}

/**
 * What a request's first unit looks like: the command, or which script/transaction ran. EVAL of a
 * body and EVALSHA of its SHA1 are the same script (clients send EVAL once, then EVALSHA).
 */
function signature(u: Unit): string {
  if (u.kind === 'script') {
    const a = u.line.args[1] ?? '';
    if (u.cmd === 'EVAL' || u.cmd === 'EVAL_RO') return `script:${createHash('sha1').update(a).digest('hex')}`;
    if (u.cmd.startsWith('EVALSHA')) return `script:${a.toLowerCase()}`;
    return `function:${a}`;
  }
  return u.kind === 'command' ? u.cmd : 'EXEC';
}

/** Undo MONITOR's quoting of one argument (sdscatrepr: \n \r \t \a \b \" \\ \xHH). */
export function unescapeMonitorArg(s: string): string {
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8, '"': 34, '\\': 92 };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      const n = s[i + 1];
      if (n in simple) {
        bytes.push(simple[n]);
        i++;
        continue;
      }
      if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
        bytes.push(parseInt(s.slice(i + 2, i + 4), 16));
        i += 3;
        continue;
      }
    }
    bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** What a split request did wrong, if anything: INCR then EXPIRE, or read then write. */
function splitProblem(r: Request): 'incr-then-expire' | 'check-then-act' | null {
  if (r.units.length < 2) return null;
  if (r.units.some((u) => u.watched)) return null; // WATCH … MULTI/EXEC: optimistic locking is safe.
  const cmds = r.units.map((u) => (u.kind === 'command' ? u.cmd : ''));
  // A plain read, then a later unit that writes the counter: a command, or a script/transaction
  // doing it inside (Kong: GET for usage, then an EVAL that increments).
  const writes = (u: Unit) => (u.kind === 'command' ? [u.cmd] : u.inner).some((c) => isWrite(c) && !isExpire(c));
  for (let i = 0; i < r.units.length; i++) {
    if (!isRead(cmds[i])) continue;
    for (let j = i + 1; j < r.units.length; j++) if (writes(r.units[j])) return 'check-then-act';
  }
  for (let i = 0; i < cmds.length; i++) {
    if (!isIncrement(cmds[i]) && !(cmds[i] === 'SET')) continue;
    for (let j = i + 1; j < cmds.length; j++) if (isExpire(cmds[j])) return 'incr-then-expire';
  }
  return null;
}

/** Which algorithm the commands (inside scripts too) look like. */
export function guessAlgorithm(cmds: Set<string>, keysPerRequest: number): string | null {
  const has = (...c: string[]) => c.some((x) => cmds.has(x));
  if (has('ZADD', 'ZREMRANGEBYSCORE', 'ZCOUNT')) return 'sliding log (ZSET of timestamps)';
  if (has('LPUSH', 'RPUSH', 'LTRIM', 'LINDEX')) return 'moving window log (LIST of timestamps)';
  if (has('HSET', 'HMSET', 'HMGET', 'HGETALL', 'HINCRBYFLOAT')) return 'token bucket (HASH)';
  if (has('TIME') && has('SET') && !has('INCR', 'INCRBY')) return 'GCRA (theoretical arrival time)';
  if (has('INCR', 'INCRBY', 'DECR', 'DECRBY')) return keysPerRequest >= 2 ? 'sliding window counter (current + previous)' : 'fixed window counter';
  if (has('SET', 'GET')) return 'timestamp or custom (GET/SET)';
  return null;
}

export interface ClassifyOptions {
  /** Only keys matching these globs are limiter keys; default: every key a write touched. */
  match?: string[];
  durationMs: number;
  truncated: boolean;
}

/** Pure: MONITOR lines → forensics report. */
export function classifyCommands(lines: MonitorLine[], opts: ClassifyOptions): ForensicsReport {
  const all = toUnits(lines);
  const patterns = opts.match?.map(globToRegExp);
  const writtenKeys = new Set(all.filter((u) => u.kind !== 'command' || isWrite(u.cmd)).flatMap((u) => u.keys));
  const isLimiterKey = (k: string) => (patterns ? patterns.some((p) => p.test(k)) : writtenKeys.has(k));
  const units = all.filter((u) => u.keys.length > 0 && u.keys.some(isLimiterKey));
  const requests = toRequests(units);
  const t0 = lines[0]?.t ?? 0;
  const evidence: string[] = [];
  const findings: Finding[] = [];

  const problems = requests.map(splitProblem);
  const split = requests.filter((r) => r.units.length > 1);
  const kinds = new Set(units.map((u) => (u.kind === 'script' ? (u.cmd.startsWith('FCALL') ? 'function' : 'lua script') : u.kind === 'transaction' ? 'transaction' : 'separate commands')));
  let mechanism: Mechanism = kinds.size === 0 ? 'none' : kinds.size > 1 ? 'mixed' : ([...kinds][0] as Mechanism);
  if (mechanism === 'separate commands' && split.length === 0) mechanism = 'single command';
  const atomic = requests.length === 0 ? null : split.length === 0 && units.every((u) => u.kind !== 'command' || u.inner.length === 1);

  const cmdSet = new Set(units.flatMap((u) => u.inner));
  const keysPerRequest = requests.length > 0 ? Math.max(...requests.map((r) => new Set(r.units.flatMap((u) => u.keys)).size)) : 0;

  const firstWith = (p: string) => requests.find((_, i) => problems[i] === p);
  const incrExpire = problems.filter((p) => p === 'incr-then-expire').length;
  const checkAct = problems.filter((p) => p === 'check-then-act').length;
  if (checkAct > 0) {
    const ex = firstWith('check-then-act')!;
    const ev = ex.units.map((u) => describeLine(u.line, t0));
    evidence.push(...ev);
    findings.push({
      code: FORENSIC_CODES.checkThenAct,
      severity: 'fail',
      message: `${checkAct} of ${requests.length} requests read the limiter key and then wrote it in separate commands (${ex.units.map((u) => u.cmd).join(' then ')}): concurrent requests can all pass the check before any write lands, so the limit is not enforced under load`,
      evidence: { requests: checkAct, lines: ev },
    });
  }
  if (incrExpire > 0) {
    const ex = firstWith('incr-then-expire')!;
    const ev = ex.units.map((u) => describeLine(u.line, t0));
    evidence.push(...ev);
    findings.push({
      code: FORENSIC_CODES.nonAtomicExpire,
      severity: 'warn',
      message: `${incrExpire} of ${requests.length} requests set the expiry in a separate command after the increment (${ex.units.map((u) => u.cmd).join(' then ')}): if the process dies or the connection drops in between, the key keeps no TTL and locks the client out for good`,
      evidence: { requests: incrExpire, lines: ev },
    });
  }
  if (requests.length > 0 && atomic) {
    const u = units[0];
    evidence.push(describeLine(u.line, t0));
    findings.push({
      code: FORENSIC_CODES.atomic,
      severity: 'info',
      message: `limiter is atomic: each of ${requests.length} requests ran as one ${mechanism} (${u.inner.join(', ')})`,
      evidence: { mechanism, commands: u.inner },
    });
  }
  if (requests.length === 0) {
    findings.push({
      code: FORENSIC_CODES.noTraffic,
      severity: 'info',
      message: `no limiter commands seen in ${lines.length} MONITOR lines${opts.match ? ` on keys matching ${opts.match.join(', ')}` : ''}: no traffic reached the limiter while watching, or it uses another Redis`,
    });
  }
  if (opts.truncated) {
    findings.push({ code: FORENSIC_CODES.truncated, severity: 'info', message: `MONITOR stopped at its line bound after ${lines.length} lines; the classification covers only those` });
  }
  return {
    durationMs: opts.durationMs,
    lines: lines.length,
    truncated: opts.truncated,
    limiterCommands: units.length,
    requests: requests.length,
    commandsPerRequest: requests.length > 0 ? +(units.length / requests.length).toFixed(2) : null,
    atomic,
    mechanism,
    algorithm: guessAlgorithm(cmdSet, keysPerRequest),
    sampleKeys: [...new Set(units.flatMap((u) => u.keys))].slice(0, 10),
    evidence: evidence.slice(0, 20),
    findings,
  };
}
