import type { Redis } from 'ioredis';
import { MAX_HASH_FIELDS, MAX_STRING_CHARS, type KeyState } from './key-state.js';

const BATCH = 200;

/**
 * Read the state of `keys` on one node with read-only commands, pipelined in batches:
 * TYPE + PTTL, then one bounded read per type (STRLEN + GETRANGE of the first MAX_STRING_CHARS,
 * so a multi-megabyte value matched by a user pattern is never transferred; HLEN/HGETALL;
 * ZCARD + ZRANGE 0 0 / -1 -1; LLEN + LINDEX 0 / -1; SCARD). Keys that vanish between SCAN and read
 * come back as type "none".
 */
export async function readKeys(client: Redis, node: string, keys: string[]): Promise<KeyState[]> {
  const out: KeyState[] = [];
  for (let i = 0; i < keys.length; i += BATCH) {
    out.push(...(await readBatch(client, node, keys.slice(i, i + BATCH))));
  }
  return out;
}

async function readBatch(client: Redis, node: string, keys: string[]): Promise<KeyState[]> {
  const meta = client.pipeline();
  for (const k of keys) meta.type(k).pttl(k);
  const metaRes = (await meta.exec()) ?? [];
  const readAtMs = Date.now();
  const states: KeyState[] = keys.map((key, i) => ({
    key,
    node,
    type: String(ok(metaRes[2 * i]) ?? 'none'),
    pttlMs: Number(ok(metaRes[2 * i + 1]) ?? -2),
    readAtMs,
  }));

  const detail = client.pipeline();
  const steps: Array<(r: unknown[]) => void> = [];
  for (const s of states) {
    const k = s.key;
    switch (s.type) {
      case 'string':
        detail.strlen(k).getrange(k, 0, MAX_STRING_CHARS - 1);
        steps.push((r) => {
          const len = Number(r[0]);
          s.strlen = len;
          const v = r[1];
          if (typeof v === 'string') s.value = len > MAX_STRING_CHARS ? v + '…' : v;
        });
        break;
      case 'hash':
        detail.hlen(k);
        steps.push((r) => (s.hashLen = Number(r[0])));
        break;
      case 'zset':
        detail.zcard(k).zrange(k, 0, 0, 'WITHSCORES').zrange(k, -1, -1, 'WITHSCORES');
        steps.push((r) => {
          s.size = Number(r[0]);
          s.first = scored(r[1]);
          s.last = scored(r[2]);
        });
        break;
      case 'list':
        detail.llen(k).lindex(k, 0).lindex(k, -1);
        steps.push((r) => {
          s.size = Number(r[0]);
          s.head = (r[1] as string | null) ?? undefined;
          s.tail = (r[2] as string | null) ?? undefined;
        });
        break;
      case 'set':
        detail.scard(k);
        steps.push((r) => (s.size = Number(r[0])));
        break;
      default:
        break;
    }
  }
  if (steps.length > 0) {
    const res = (await detail.exec()) ?? [];
    let cursor = 0;
    const counts = states.map((s) => commandsFor(s.type));
    let stepIdx = 0;
    for (const n of counts) {
      if (n === 0) continue;
      steps[stepIdx++](res.slice(cursor, cursor + n).map(ok));
      cursor += n;
    }
  }

  const smallHashes = states.filter((s) => s.type === 'hash' && (s.hashLen ?? 0) > 0 && (s.hashLen ?? 0) <= MAX_HASH_FIELDS);
  if (smallHashes.length > 0) {
    const hp = client.pipeline();
    for (const s of smallHashes) hp.hgetall(s.key);
    const res = (await hp.exec()) ?? [];
    smallHashes.forEach((s, i) => {
      const h = ok(res[i]);
      if (h && typeof h === 'object') s.hash = h as Record<string, string>;
    });
  }
  return states;
}

function commandsFor(type: string): number {
  switch (type) {
    case 'hash':
    case 'set':
      return 1;
    case 'string':
      return 2;
    case 'zset':
    case 'list':
      return 3;
    default:
      return 0;
  }
}

/** A pipeline entry is [error, reply]; a per-key error (e.g. the key changed type) reads as missing. */
function ok(entry: [Error | null, unknown] | undefined): unknown {
  if (!entry || entry[0]) return undefined;
  return entry[1];
}

function scored(reply: unknown): { member: string; score: number } | undefined {
  if (!Array.isArray(reply) || reply.length < 2) return undefined;
  return { member: String(reply[0]), score: Number(reply[1]) };
}
