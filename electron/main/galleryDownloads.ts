/** Gallery downloads run by main: core/data/gallery's downloader over Node's fetch, cached under the app data folder, one cancellable download per window and entry. */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { galleryEntry } from '../../core/data/gallery/catalogue.ts';
import { downloadDataset } from '../../core/data/gallery/download.ts';
import type {
  DatasetCache,
  DownloadProgress,
  FetchResponseLike,
} from '../../core/data/gallery/types.ts';
import { writeFileAtomic } from './atomicFile.ts';
import { safeFileName } from './datasetFiles.ts';

/** Raised for a gallery request main cannot serve (unknown entry or file, a download already running). */
export class GalleryRequestError extends Error {
  override readonly name = 'GalleryRequestError';
}

/** `fetch` with an abort signal; Node's global fetch fits. */
export type SignalFetch = (
  url: string,
  init: { signal: AbortSignal },
) => Promise<FetchResponseLike>;

/** Options of {@link GalleryDownloads}. */
export interface GalleryDownloadsOptions {
  /** The cache folder (`<userData>/gallery`); entry `id` keeps its files in `<dir>/<id>/`. */
  dir: string;
  fetch: SignalFetch;
  /** Serve every file from `<mirrorBase>/<entry id>/<file name>` instead of its public URL. */
  mirrorBase?: string;
}

/** The folder-backed cache: `<dir>/<entry id>/<file name>`, written atomically. */
export function folderDatasetCache(dir: string): DatasetCache & { pathOf(key: string): string } {
  const pathOf = (key: string): string => {
    const [id = '', ...rest] = key.split('/');
    return join(dir, safeFileName(id), safeFileName(rest.join('/')));
  };
  return {
    pathOf,
    async get(key) {
      try {
        const buffer = await readFile(pathOf(key));
        return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(join(path, '..'), { recursive: true });
      await writeFileAtomic(path, bytes);
    },
  };
}

/** Downloads gallery entries into the cache folder; at most one download per owner and entry. */
export class GalleryDownloads {
  private readonly running = new Map<string, AbortController>();
  private readonly cache: ReturnType<typeof folderDatasetCache>;

  constructor(private readonly options: GalleryDownloadsOptions) {
    this.cache = folderDatasetCache(options.dir);
  }

  /**
   * Downloads (or takes from the cache when its sha256 still matches) the files of gallery entry
   * `galleryId` — all of them, or those named in `files` in that order — and returns their paths.
   * @throws GalleryRequestError for an unknown entry or file, or when `owner` already downloads
   *   this entry; DatasetError ('download' | 'checksum' | 'aborted') from the downloader.
   */
  async download(options: {
    galleryId: string;
    files?: readonly string[];
    /** Who asked (a window's id): cancel matches it. */
    owner: number;
    onProgress?: (progress: DownloadProgress) => void;
  }): Promise<string[]> {
    const { galleryId, owner } = options;
    const entry = galleryEntry(galleryId);
    if (entry === undefined) {
      throw new GalleryRequestError(
        `Gallery: galleryId must name a gallery entry, got '${galleryId}'.`,
      );
    }
    const files = (options.files ?? entry.files.map((f) => f.name)).map((name) => {
      const file = entry.files.find((f) => f.name === name);
      if (file === undefined) {
        throw new GalleryRequestError(
          `Gallery '${galleryId}': files must name files of the entry, got '${name}'.`,
        );
      }
      return file;
    });
    const key = `${owner}:${galleryId}`;
    if (this.running.has(key)) {
      throw new GalleryRequestError(
        `Gallery '${galleryId}': a download of this entry must finish or be cancelled first, got a second request.`,
      );
    }
    const controller = new AbortController();
    this.running.set(key, controller);
    try {
      await downloadDataset(
        { ...entry, files },
        {
          fetch: (url) => this.options.fetch(url, { signal: controller.signal }),
          cache: this.cache,
          signal: controller.signal,
          ...(this.options.mirrorBase !== undefined ? { mirrorBase: this.options.mirrorBase } : {}),
          ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
        },
      );
    } finally {
      this.running.delete(key);
    }
    return files.map((f) => this.cache.pathOf(`${entry.id}/${f.name}`));
  }

  /** Cancels `owner`'s download of `galleryId`; false when none was running. */
  cancel(owner: number, galleryId: string): boolean {
    const controller = this.running.get(`${owner}:${galleryId}`);
    controller?.abort();
    return controller !== undefined;
  }
}
