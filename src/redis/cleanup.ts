import { connectRedis } from './connect.js';

/**
 * The one write limitprobe ever does, and only when explicitly asked (e.g. `--cleanup-created`):
 * delete exactly the keys a probe created (the `created` entries of the probe join), one DEL per
 * key name, so no pattern can ever widen it. Returns how many keys were deleted.
 */
export async function cleanupCreated(url: string, createdKeys: string[], opts: { cluster?: boolean } = {}): Promise<number> {
  if (createdKeys.length === 0) return 0;
  const conn = await connectRedis(url, { cluster: opts.cluster });
  try {
    let deleted = 0;
    for (const k of createdKeys) {
      for (const node of conn.nodes) {
        try {
          deleted += await node.client.del(k);
          break;
        } catch (e) {
          // In a cluster only the slot's owner accepts the key; the others answer MOVED.
          if (!/MOVED|ASK/.test(String((e as Error).message))) throw e;
        }
      }
    }
    return deleted;
  } finally {
    await conn.close();
  }
}
