/** The browser's dataset cache for gallery downloads: Cache Storage, so a recipe's files download once per browser profile. */
import type { DatasetCache } from '../../../core/data/gallery/index.ts';

/** The Cache Storage bucket the app keeps downloaded dataset files in. */
const CACHE_NAME = 'rnn-studio-datasets-v1';
/** Keys become request URLs under this made-up origin (Cache Storage keys must be http(s) URLs). */
const KEY_BASE = 'https://datasets.rnn-studio.invalid/';

/** The part of `CacheStorage` the cache uses (tests pass a fake). */
export interface CacheStorageLike {
  open(name: string): Promise<{
    match(request: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | undefined>;
    put(request: string, response: Response): Promise<void>;
  }>;
}

/**
 * A {@link DatasetCache} over Cache Storage, or undefined when the page has none (an insecure
 * origin); downloads then simply are not cached. A failing read counts as a miss and a failing
 * write is logged: the cache only saves time, the checksum still guards every file.
 */
export function browserDatasetCache(
  storage: CacheStorageLike | undefined = globalThis.caches,
): DatasetCache | undefined {
  if (storage === undefined) return undefined;
  const url = (key: string) => KEY_BASE + key.split('/').map(encodeURIComponent).join('/');
  return {
    async get(key) {
      try {
        const hit = await (await storage.open(CACHE_NAME)).match(url(key));
        return hit === undefined ? null : new Uint8Array(await hit.arrayBuffer());
      } catch (err) {
        console.warn(`Dataset cache: reading '${key}' failed; downloading it again.`, err);
        return null;
      }
    },
    async put(key, bytes) {
      try {
        const cache = await storage.open(CACHE_NAME);
        await cache.put(url(key), new Response(bytes as BlobPart));
      } catch (err) {
        console.warn(
          `Dataset cache: storing '${key}' failed; it will download again next time.`,
          err,
        );
      }
    },
  };
}
