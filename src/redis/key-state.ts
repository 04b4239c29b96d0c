/**
 * What the inspector read about one key, with read-only commands only. Plain data: the snapshot,
 * recognisers, findings and the JSON output all use this shape.
 */
export type RedisType = 'string' | 'hash' | 'zset' | 'list' | 'set' | 'stream' | 'none' | string;

export interface ScoredMember {
  member: string;
  score: number;
}

export interface KeyState {
  key: string;
  /** The node (host:port) the key was read from; matters in a cluster. */
  node: string;
  type: RedisType;
  /** PTTL reply: ms left, -1 = no expiry, -2 = gone. */
  pttlMs: number;
  /** When the key was read (epoch ms, client clock). */
  readAtMs: number;
  /** STRING value: its first MAX_STRING_CHARS bytes (GETRANGE), "…" appended when longer. */
  value?: string;
  /** STRING length in bytes (STRLEN). */
  strlen?: number;
  /** HASH fields when the hash is small (HLEN ≤ MAX_HASH_FIELDS). */
  hash?: Record<string, string>;
  hashLen?: number;
  /** ZSET/LIST/SET cardinality. */
  size?: number;
  /** ZSET: lowest and highest scored members. */
  first?: ScoredMember;
  last?: ScoredMember;
  /** LIST: head (index 0) and tail (index -1) elements. */
  head?: string;
  tail?: string;
}

export const MAX_STRING_CHARS = 200;
export const MAX_HASH_FIELDS = 64;
