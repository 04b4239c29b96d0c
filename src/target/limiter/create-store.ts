import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';
import type { LimiterStore, StoreConfig } from './types.js';

export interface CreateStoreOptions {
  redisUrl: string | undefined;
  keyPrefix: string;
  onStateChange?: (up: boolean, reason: string) => void;
}

/** Redis when a URL is given, memory otherwise. */
export async function createStore(config: StoreConfig, opts: CreateStoreOptions): Promise<LimiterStore> {
  if (opts.redisUrl === undefined) return new MemoryStore(config);
  return RedisStore.open(config, { url: opts.redisUrl, keyPrefix: opts.keyPrefix, onStateChange: opts.onStateChange });
}
