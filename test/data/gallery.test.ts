/** Downloads every gallery dataset through the real code from a local HTTP server that serves ../shared/data. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GALLERY, galleryEntry } from '../../core/data/gallery/catalogue.ts';
import { downloadDataset, firstSentences } from '../../core/data/gallery/download.ts';
import type {
  DatasetCache,
  DownloadProgress,
  GalleryEntry,
} from '../../core/data/gallery/types.ts';
import { inspectBytes } from '../../core/data/inspect.ts';
import { DatasetError } from '../../core/errors.ts';
import { type DataMirror, sharedDataDir, startDataMirror } from '../support/dataMirror.ts';

const dataDir = sharedDataDir;
let mirror: DataMirror;
let base = '';

beforeAll(async () => {
  mirror = await startDataMirror({ hidden: (path) => path.endsWith('PROVENANCE.md') });
  base = mirror.base;
});

afterAll(() => mirror.close());

function memoryCache(): DatasetCache & { store: Map<string, Uint8Array> } {
  const store = new Map<string, Uint8Array>();
  return {
    store,
    get: async (key) => store.get(key) ?? null,
    put: async (key, bytes) => {
      store.set(key, bytes);
    },
  };
}

describe('gallery downloads', () => {
  it('lists the kinds of data the app needs, each with a licence and checksums', () => {
    expect(GALLERY.map((e) => e.kind).sort()).toEqual([
      'classify',
      'classify',
      'forecast',
      'forecast',
      'forecast',
      'forecast',
      'seq2seq',
      'seq2seq',
      'seq2seq',
      'tag',
      'tag',
      'tag',
      'tag',
    ]);
    for (const e of GALLERY) {
      expect(e.licence.text.length).toBeGreaterThan(40);
      for (const f of e.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(galleryEntry('chatterbot-english')?.files).toHaveLength(21);
  });

  for (const entry of GALLERY) {
    it(`downloads ${entry.id} with progress, verifies its checksum, caches it, and it inspects`, async () => {
      const cache = memoryCache();
      const progress: DownloadProgress[] = [];
      const files = await downloadDataset(entry, {
        fetch,
        mirrorBase: base,
        cache,
        onProgress: (p) => progress.push(p),
      });
      expect(files.map((f) => f.name)).toEqual(entry.files.map((f) => f.name));
      expect(files.every((f) => !f.fromCache)).toBe(true);
      for (const [i, f] of entry.files.entries()) {
        const last = progress.filter((p) => p.fileIndex === i).at(-1);
        expect(last).toMatchObject({
          bytesReceived: f.bytes,
          bytesTotal: f.bytes,
          fileCount: entry.files.length,
        });
      }
      expect(cache.store.size).toBe(entry.files.length);
      const first = files[0] as { name: string; bytes: Uint8Array };
      const inspection = await inspectBytes(first.bytes, { fileName: first.name });
      expect(inspection.suggestedTask).toBe(entry.kind);
      const again = await downloadDataset(entry, { fetch, mirrorBase: base, cache });
      expect(again.every((f) => f.fromCache)).toBe(true);
    });
  }

  it('refuses a corrupted download with the checksum message and does not cache it', async () => {
    const entry = galleryEntry('seattle-weather') as GalleryEntry;
    const cache = memoryCache();
    const err = await downloadDataset(entry, { fetch, mirrorBase: `${base}/corrupt`, cache }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).code).toBe('checksum');
    const got = createHash('sha256')
      .update(
        Buffer.from(
          readFileSync(join(dataDir, 'seattle-weather', 'seattle-weather.csv')).map((b, i) =>
            i === 10 ? b ^ 1 : b,
          ),
        ),
      )
      .digest('hex');
    expect((err as DatasetError).message).toBe(
      `Gallery 'seattle-weather', file 'seattle-weather.csv': the download from '${base}/corrupt/seattle-weather/seattle-weather.csv' has sha256 ${got}, expected 0845078a290b48e3149ab8639966824110a251db4e06fc144c06ebb534af23be. The download is corrupt or the source changed; the file was not saved. Try again or report it.`,
    );
    expect(cache.store.size).toBe(0);
  });

  it('reports an HTTP error with the status', async () => {
    const entry = galleryEntry('seattle-weather') as GalleryEntry;
    const err = await downloadDataset(entry, { fetch, mirrorBase: `${base}/missing` }).catch(
      (e: unknown) => e,
    );
    expect((err as DatasetError).message).toBe(
      `Gallery 'seattle-weather', file 'seattle-weather.csv': downloading '${base}/missing/seattle-weather/seattle-weather.csv' failed with HTTP 404 Not Found. Check the connection or try again later.`,
    );
  });

  it('trims an upstream file to its first sentences and verifies both checksums', async () => {
    const full = readFileSync(join(dataDir, 'ud-english-ewt', 'en_ewt-ud-dev.conllu'));
    const kept = firstSentences(new Uint8Array(full), 10);
    const entry: GalleryEntry = {
      ...(galleryEntry('ud-english-ewt') as GalleryEntry),
      files: [
        {
          name: 'first10.conllu',
          url: `${base}/ud-english-ewt/en_ewt-ud-dev.conllu`,
          bytes: kept.length,
          sha256: createHash('sha256').update(kept).digest('hex'),
          upstream: {
            bytes: full.length,
            sha256: createHash('sha256').update(full).digest('hex'),
            firstSentences: 10,
          },
        },
      ],
    };
    const [file] = await downloadDataset(entry, { fetch });
    const inspection = await inspectBytes(file?.bytes as Uint8Array, {
      fileName: 'first10.conllu',
    });
    expect(inspection.rows).toBe(10);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await downloadDataset(galleryEntry('vega-stocks') as GalleryEntry, {
      fetch,
      mirrorBase: base,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect((err as DatasetError).code).toBe('aborted');
  });

  it('uses the public source URLs when no mirror is set', async () => {
    const seen: string[] = [];
    const fakeFetch = async (url: string) => {
      seen.push(url);
      return {
        ok: false,
        status: 503,
        statusText: 'Offline',
        headers: { get: () => null },
        body: null,
      };
    };
    await downloadDataset(galleryEntry('chatbot-data-ko') as GalleryEntry, {
      fetch: fakeFetch,
    }).catch(() => undefined);
    expect(seen).toEqual([
      'https://raw.githubusercontent.com/songys/Chatbot_data/4cf20d13fc46f5037fd1c531cd566e2dd9f72974/ChatbotData.csv',
    ]);
  });
});
