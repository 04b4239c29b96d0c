import type { KeyState } from '../key-state.js';

/** What the user told us about the limiter (`--limit N --window 60s`, or the probe's settings). */
export interface Declared {
  limit?: number;
  windowMs?: number;
}

export interface RecogniseContext {
  nowMs: number;
  declared: Declared;
  /**
   * The literal text the library's keys start with, when the user configured another prefix than
   * the library's default (`--prefix`, only with `--library`). Absent: the library's default layout.
   */
  prefix?: string;
}

/** One key, understood: which library wrote it, what it holds, and what the library promises about it. */
export interface Recognition {
  /** Recogniser id, e.g. "express-rate-limit". */
  library: string;
  algorithm: string;
  /** The client identity readable in the key (IP, user id...), when the layout exposes it. */
  identity?: string;
  /** Window length: from the key when it encodes it, else the declared one. */
  windowMs?: number;
  /** Start of the window this key counts, when the key name says so. */
  windowStartMs?: number;
  /** The limit: from the key when it encodes it (Python limits), else the declared one. */
  limit?: number;
  /** Requests recorded in this key (counter value or in-window log length); absent for buckets. */
  count?: number;
  /**
   * true: the library counts rejected requests too (counter climbs past the limit);
   * false: it stops recording at the limit; undefined: unknown or not a counter.
   */
  countsRejected?: boolean;
  /** "always": the library always sets an expiry; "optional": the user can turn expiry off. */
  ttl: 'always' | 'optional';
  /** The longest TTL the library sets on this key (window plus its own slack), when known. */
  maxTtlMs?: number;
  /** How many live keys one identity has per window in this layout (sliding counters keep 2). */
  keysPerWindow?: number;
  /** One line for the table: counter value, log size and ages, bucket tokens, GCRA budget... */
  summary: string;
  /** A library-specific caveat added to findings about this key (e.g. "blockDuration also sets a long EX"). */
  note?: string;
  /** Claimed only by a generic layout in auto mode (see Recogniser.genericLayout): not proof it is a limiter key. */
  weak?: boolean;
}

/**
 * A recogniser knows one library's Redis layout (verified against its source; see `source`).
 * `recognise` is pure: key state in, Recognition out (null = not this library's key).
 */
export interface Recogniser {
  id: string;
  name: string;
  /** SCAN MATCH globs used when the user gives no --match (for the default prefix). */
  patterns: string[];
  /**
   * The default literal key prefix when the library lets users change it (then `--prefix` applies
   * and the SCAN pattern becomes `<prefix>*`); absent when the layout is fixed.
   */
  defaultPrefix?: string;
  /** Where the layout was read from, for docs and reviewers. */
  source: string;
  /**
   * The default patterns are generic enough to catch unrelated keys (Envoy's `<…>_<epoch>`): with
   * `--library auto` a lost TTL on such a key is a warning, not a failure, since the key may not be
   * a limiter's at all.
   */
  genericLayout?: boolean;
  recognise(s: KeyState, ctx: RecogniseContext): Recognition | null;
}
