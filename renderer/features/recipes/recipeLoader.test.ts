/** Tests of the recipe loader: a bundled-sample recipe loads offline, a gallery recipe downloads with progress, checksum and cache, a failed download says where to get the file, and hand-downloaded files get the recipe's spec. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type {
  DatasetCache,
  DownloadProgress,
  FetchLike,
} from '../../../core/data/gallery/index.ts';
import { recipeByName } from '../../../core/recipes/index.ts';
import { createStudioStore, type StudioStore } from '../../app/store.ts';
import { inspectFile } from '../data/inspectFile.ts';
import { createRecipeLoader, type RecipeDesktop, type RecipeLoadState } from './recipeLoader.ts';

const sharedData = join(
  fileURLToPath(new URL('../../..', import.meta.url)),
  '..',
  'shared',
  'data',
);
const CHATBOT_URL =
  'https://raw.githubusercontent.com/songys/Chatbot_data/4cf20d13fc46f5037fd1c531cd566e2dd9f72974/ChatbotData.csv';

function recipe(name: string) {
  const r = recipeByName(name);
  if (r === undefined) throw new Error(`no recipe ${name}`);
  return r;
}

/** The importer without its worker: inspect in-process, then load into the store. */
async function importFile(
  file: File,
  options: { sampleId?: string; store: StudioStore },
): Promise<void> {
  const { inspection, preview } = await inspectFile(file, { fileName: file.name });
  options.store.loadDataset({
    file,
    reading: {},
    inspection,
    preview,
    ...(options.sampleId !== undefined ? { sampleId: options.sampleId } : {}),
  });
}

/** A fetch that serves files from ../shared/data in 64 KiB chunks, logging each URL. */
function fakeFetch(files: Record<string, string>, log: string[]): FetchLike {
  return async (url) => {
    log.push(url);
    const path = files[url];
    if (path === undefined) throw new TypeError('Failed to fetch');
    const bytes = new Uint8Array(readFileSync(path));
    return {
      ok: true,
      status: 200,
      headers: { get: () => null },
      body: (async function* () {
        for (let i = 0; i < bytes.length; i += 65_536) yield bytes.subarray(i, i + 65_536);
      })(),
    };
  };
}

function memoryCache(): DatasetCache & { keys: string[] } {
  const data = new Map<string, Uint8Array>();
  return {
    keys: [],
    async get(key) {
      return data.get(key) ?? null;
    },
    async put(key, bytes) {
      this.keys.push(key);
      data.set(key, bytes);
    },
  };
}

function setup(
  shell: 'electron' | 'web',
  fetch: FetchLike,
  cache?: DatasetCache,
  desktop?: RecipeDesktop,
) {
  const store = createStudioStore();
  const imported: { name: string; sampleId?: string }[] = [];
  const loader = createRecipeLoader({
    store,
    shell: async () => shell,
    fetch,
    ...(cache !== undefined ? { cache } : {}),
    ...(desktop !== undefined ? { desktop: async () => desktop } : {}),
    importFile: async (file, options) => {
      imported.push({
        name: file.name,
        ...(options.sampleId !== undefined ? { sampleId: options.sampleId } : {}),
      });
      await importFile(file, options);
    },
  });
  const states: RecipeLoadState[] = [];
  loader.subscribe(() => states.push(loader.getState()));
  return { store, loader, imported, states };
}

describe('recipe loader', () => {
  it("loads a recipe with a bundled sample offline and applies the recipe's whole spec", async () => {
    const fetched: string[] = [];
    const { store, loader, imported } = setup('web', fakeFetch({}, fetched));
    const r = recipe('nsmc-sentiment');
    await loader.load(r);
    expect(fetched).toEqual([]);
    expect(imported).toEqual([{ name: 'nsmc-reviews-1k.tsv', sampleId: 'nsmc-reviews-1k' }]);
    const { dataset, spec, roles } = store.getState();
    expect(dataset?.recipe).toBe('nsmc-sentiment');
    // The recipe's spec, reading the file as it was inspected.
    const reading = dataset?.inspection.reading.options;
    expect(spec).toEqual({ ...r.spec, data: { ...r.spec.data, reading } });
    expect(roles.text).toBe('document');
    expect(roles.label).toBe('label');
    expect(loader.getState()).toEqual({ status: 'idle' });
  });

  it("names the NSMC recipe's label codes in the UI language (0 = 부정, 1 = 긍정 in Korean)", async () => {
    const store = createStudioStore();
    const loader = createRecipeLoader({
      store,
      shell: async () => 'web',
      fetch: fakeFetch({}, []),
      importFile,
      language: () => 'ko',
    });
    await loader.load(recipe('nsmc-sentiment'));
    expect(store.getState().spec.data.labelNames).toEqual({ '0': '부정', '1': '긍정' });
    expect(recipe('nsmc-sentiment').spec.data.labelNames).toEqual({
      '0': 'negative',
      '1': 'positive',
    });
  });

  it('downloads a gallery recipe with progress and checksum, caches it, and uses the cache next time', async () => {
    const fetched: string[] = [];
    const cache = memoryCache();
    const files = { [CHATBOT_URL]: join(sharedData, 'chatbot-data-ko', 'ChatbotData.csv') };
    const { store, loader, states } = setup('web', fakeFetch(files, fetched), cache);
    const r = recipe('chatbot-ko');
    await loader.load(r);
    expect(fetched).toEqual([CHATBOT_URL]);
    const progress = states.filter((s) => s.status === 'downloading');
    expect(progress.length).toBeGreaterThan(2);
    const last = progress.at(-1);
    expect(last?.status === 'downloading' && last.bytesReceived === last.bytesTotal).toBe(true);
    expect(cache.keys).toEqual(['chatbot-data-ko/ChatbotData.csv']);
    expect(store.getState().spec.task).toBe('seq2seq');
    expect(store.getState().roles.source).toBe('Q');
    expect(store.getState().roles.target).toBe('A');
    expect(store.getState().dataset?.file.name).toBe('ChatbotData.csv');
    store.clearDataset();
    await loader.load(r);
    expect(fetched).toEqual([CHATBOT_URL]);
    expect(store.getState().dataset?.recipe).toBe('chatbot-ko');
  });

  it('shows an offline download failure with the URL and the file names to get by hand', async () => {
    const { store, loader } = setup('web', fakeFetch({}, []));
    await loader.load(recipe('chatbot-ko'));
    expect(loader.getState()).toEqual({
      status: 'failed',
      recipe: 'chatbot-ko',
      reason: 'download',
      message: `Gallery 'chatbot-data-ko', file 'ChatbotData.csv': downloading '${CHATBOT_URL}' failed (Failed to fetch). Check the connection and try again.`,
      urls: [CHATBOT_URL],
      files: ['ChatbotData.csv'],
    });
    expect(store.getState().dataset).toBeNull();
  });

  it('refuses a download whose checksum differs, saving nothing', async () => {
    const cache = memoryCache();
    const wrong = { [CHATBOT_URL]: join(sharedData, 'seattle-weather', 'seattle-weather.csv') };
    const { loader } = setup('web', fakeFetch(wrong, []), cache);
    await loader.load(recipe('chatbot-ko'));
    const state = loader.getState();
    expect(state.status === 'failed' && state.message).toMatch(
      /^Gallery 'chatbot-data-ko', file 'ChatbotData.csv': the download from '.+' has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}\. The download is corrupt or the source changed; the file was not saved\. Try again or report it\.$/,
    );
    expect(cache.keys).toEqual([]);
  });

  it("downloads through main's downloader in the desktop app, with its progress, and reads the granted files", async () => {
    const fetched: string[] = [];
    const calls: string[] = [];
    const listeners = new Set<(p: DownloadProgress) => void>();
    const path = join(sharedData, 'chatbot-data-ko', 'ChatbotData.csv');
    const desktop: RecipeDesktop = {
      async downloadGalleryFiles(galleryId, files) {
        calls.push(`download ${galleryId} ${files?.join(',')}`);
        const size = readFileSync(path).length;
        for (const l of listeners) {
          l({
            entryId: galleryId,
            file: 'ChatbotData.csv',
            fileIndex: 0,
            fileCount: 1,
            bytesReceived: size,
            bytesTotal: size,
            fromCache: false,
          });
        }
        return [{ path, name: 'ChatbotData.csv', size }];
      },
      async openGrantedFile(p, name) {
        calls.push(`read ${p}`);
        return new File([new Uint8Array(readFileSync(p))], name);
      },
      async cancelGalleryDownload() {
        calls.push('cancel');
        return false;
      },
      onDownloadProgress(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const { store, loader, states } = setup('electron', fakeFetch({}, fetched), undefined, desktop);
    await loader.load(recipe('chatbot-ko'));
    expect(fetched).toEqual([]);
    expect(calls).toEqual(['download chatbot-data-ko ChatbotData.csv', `read ${path}`]);
    expect(states.some((s) => s.status === 'downloading' && s.bytesReceived > 0)).toBe(true);
    expect(listeners.size).toBe(0);
    expect(store.getState().dataset?.recipe).toBe('chatbot-ko');
    expect(store.getState().spec.task).toBe('seq2seq');
  });

  it("shows main's download error with the URL in the desktop app", async () => {
    const desktop: RecipeDesktop = {
      downloadGalleryFiles: async () => {
        throw new Error(
          `Gallery 'chatbot-data-ko', file 'ChatbotData.csv': downloading '${CHATBOT_URL}' failed (fetch failed). Check the connection and try again.`,
        );
      },
      openGrantedFile: async (_path, name) => new File([], name),
      cancelGalleryDownload: async () => false,
      onDownloadProgress: () => () => undefined,
    };
    const { loader } = setup('electron', fakeFetch({}, []), undefined, desktop);
    await loader.load(recipe('chatbot-ko'));
    expect(loader.getState()).toMatchObject({
      status: 'failed',
      reason: 'download',
      message: `Gallery 'chatbot-data-ko', file 'ChatbotData.csv': downloading '${CHATBOT_URL}' failed (fetch failed). Check the connection and try again.`,
      urls: [CHATBOT_URL],
    });
  });

  it('asks for hand-downloaded files in a desktop app without a downloader', async () => {
    const fetched: string[] = [];
    const { loader } = setup('electron', fakeFetch({}, fetched));
    await loader.load(recipe('tatoeba-ko-en'));
    const state = loader.getState();
    expect(state.status === 'failed' && state.reason).toBe('desktop');
    expect(fetched).toEqual([]);
  });

  it("joins hand-downloaded files in the recipe's order and applies its spec", async () => {
    const { store, loader } = setup('web', fakeFetch({}, []));
    const r = recipe('uci-sentiment');
    const dir = join(sharedData, 'uci-sentiment-sentences');
    const chosen = ['yelp_labelled.txt', 'amazon_cells_labelled.txt', 'imdb_labelled.txt'].map(
      (name) => new File([readFileSync(join(dir, name))], name),
    );
    await loader.loadFromFiles(r, chosen);
    const { dataset, spec } = store.getState();
    expect(dataset?.file.name).toBe('amazon_cells_labelled.txt');
    expect(dataset?.inspection.rows).toBe(3000);
    // The recipe's spec, reading the file as it was inspected.
    const reading = dataset?.inspection.reading.options;
    expect(spec).toEqual({ ...r.spec, data: { ...r.spec.data, reading } });
    await expect(loader.loadFromFiles(r, chosen.slice(0, 2))).rejects.toThrow(
      "Recipe 'uci-sentiment': the file 'imdb_labelled.txt' must be among the chosen files, got 'yelp_labelled.txt', 'amazon_cells_labelled.txt'.",
    );
  });
});
