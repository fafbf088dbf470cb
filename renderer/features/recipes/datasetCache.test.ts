/** Tests of the Cache Storage dataset cache: bytes round-trip under their key, misses are null, and a broken storage costs only a download. */
import { describe, expect, it } from 'vitest';
import { browserDatasetCache, type CacheStorageLike } from './datasetCache.ts';

function fakeCaches(): CacheStorageLike & { urls: string[] } {
  const stored = new Map<string, Response>();
  const urls: string[] = [];
  return {
    urls,
    async open() {
      return {
        async match(request: string) {
          return stored.get(request)?.clone();
        },
        async put(request: string, response: Response) {
          urls.push(request);
          stored.set(request, response);
        },
      };
    },
  };
}

describe('browserDatasetCache', () => {
  it('returns stored bytes for their key and null for others', async () => {
    const caches = fakeCaches();
    const cache = browserDatasetCache(caches);
    await cache?.put('chatbot-data-ko/Chatbot Data.csv', new Uint8Array([1, 2, 3]));
    expect(await cache?.get('chatbot-data-ko/Chatbot Data.csv')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await cache?.get('chatbot-data-ko/other.csv')).toBeNull();
    expect(caches.urls).toEqual([
      'https://datasets.rnn-studio.invalid/chatbot-data-ko/Chatbot%20Data.csv',
    ]);
  });

  it('is absent without Cache Storage', () => {
    expect(browserDatasetCache(undefined)).toBeUndefined();
  });

  it('treats a failing storage as a miss', async () => {
    const broken: CacheStorageLike = {
      open: () => Promise.reject(new Error('quota')),
    };
    const cache = browserDatasetCache(broken);
    await cache?.put('a/b.csv', new Uint8Array([1]));
    expect(await cache?.get('a/b.csv')).toBeNull();
  });
});
