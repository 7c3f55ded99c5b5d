import type { OpenedObject, Storage } from './storage.js';

/**
 * `openObject` for a store that keeps nothing open between requests (a bucket): a stat now, one
 * ranged read when the bytes are asked for, and null from that read when the object went between.
 */
export async function openedByStat(
  store: Pick<Storage, 'stat' | 'openRead'>,
  key: string,
): Promise<OpenedObject | null> {
  const found = await store.stat(key);
  if (!found) return null;
  return {
    ...found,
    bytes: async (range) => {
      try {
        return await store.openRead(key, range);
      } catch (err) {
        if ((await store.stat(key)) === null) return null;
        throw err;
      }
    },
    release: () => {},
  };
}
