/** Loads a recipe in one click: its data (the bundled sample, a gallery download, or files the user downloaded by hand) through the importer, then its whole spec. */
import { useSyncExternalStore } from 'react';
import type {
  DatasetCache,
  DownloadProgress,
  FetchLike,
} from '../../../core/data/gallery/index.ts';
import { downloadDataset } from '../../../core/data/gallery/index.ts';
import {
  type Recipe,
  type RecipeDataFile,
  recipeDataFile,
  recipeSampleFile,
  recipeSources,
  recipeSpec,
} from '../../../core/recipes/index.ts';
import type { DesktopApi } from '../../../electron/common/ipc/api.ts';
import type { StudioStore } from '../../app/store.ts';

/** Where a recipe load stands (shown by the recipe gallery). */
export type RecipeLoadState =
  | { status: 'idle' }
  | {
      status: 'downloading';
      recipe: string;
      file: string;
      fileIndex: number;
      fileCount: number;
      bytesReceived: number;
      bytesTotal: number | null;
    }
  | { status: 'importing'; recipe: string }
  | {
      status: 'failed';
      recipe: string;
      /** The downloader's message (it names the URL and the problem). */
      message: string;
      /** Why: no network/HTTP/checksum (`download`), or the desktop app that cannot download. */
      reason: 'download' | 'desktop';
      /** The public URLs of the recipe's files, to download by hand. */
      urls: string[];
      /** The file names the recipe expects when chosen by hand. */
      files: string[];
    };

/** The desktop functions the loader downloads through in Electron (main downloads; the CSP allows the renderer none). */
export type RecipeDesktop = Pick<
  DesktopApi,
  'downloadGalleryFiles' | 'openGrantedFile' | 'cancelGalleryDownload' | 'onDownloadProgress'
>;

/** What the loader needs from the app (tests pass fakes). */
export interface RecipeLoaderHost {
  store: StudioStore;
  /** Inspects a file and loads it into the store (features/data/importDataset.ts). */
  importFile(
    file: File,
    options: { sampleId?: string; inMemory?: boolean; store: StudioStore },
  ): Promise<void>;
  /** The shell: the desktop app's CSP allows no download from the renderer. */
  shell(): Promise<'electron' | 'web'>;
  /** In Electron, main's downloader; without it the desktop app asks for hand-downloaded files. */
  desktop?: () => Promise<RecipeDesktop | null>;
  fetch: FetchLike;
  cache?: DatasetCache;
  /** The UI language, for the recipe's label names (default English). */
  language?: () => 'en' | 'ko';
}

/** The recipe loader with its observable state. */
export interface RecipeLoader {
  getState(): RecipeLoadState;
  subscribe(listener: () => void): () => void;
  /**
   * Loads `recipe`: the bundled sample when it has one, else its gallery files (downloaded with
   * progress and checked against their sha256, cached). On success the dataset is in the store
   * with the recipe's spec; a failed download leaves the state `failed` with what to do.
   */
  load(recipe: Recipe): Promise<void>;
  /**
   * Loads `recipe` on files the user downloaded by hand (in the recipe's file order by name; a
   * single file is used as chosen, so the desktop app can grant its path).
   * @throws Error naming the missing file when a multi-file recipe lacks one.
   */
  loadFromFiles(recipe: Recipe, files: readonly File[]): Promise<void>;
  /** Cancels a download under way. */
  cancel(): void;
  /** Forgets a failure. */
  dismiss(): void;
}

/** Creates a loader over `host`; the app uses {@link recipeLoader}. */
export function createRecipeLoader(host: RecipeLoaderHost): RecipeLoader {
  let state: RecipeLoadState = { status: 'idle' };
  let controller: AbortController | null = null;
  const listeners = new Set<() => void>();
  const set = (next: RecipeLoadState): void => {
    state = next;
    for (const l of listeners) l();
  };

  /** Imports `file` and, when it became the dataset, applies the recipe's spec. */
  async function use(
    recipe: Recipe,
    file: File,
    from: { sampleId?: string; inMemory?: boolean } = {},
  ): Promise<void> {
    set({ status: 'importing', recipe: recipe.name });
    await host.importFile(file, { ...from, store: host.store });
    // NOTE: a refused file shows in the Data section's error panel; the spec is applied only
    // to the file this load imported.
    if (host.store.getState().dataset?.file === file)
      host.store.applyRecipe({
        name: recipe.name,
        spec: recipeSpec(recipe, host.language?.() ?? 'en'),
      });
    set({ status: 'idle' });
  }

  const asFile = (data: RecipeDataFile) =>
    new File([data.bytes as Uint8Array<ArrayBuffer>], data.fileName, { type: 'text/plain' });

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load(recipe) {
      const sources = recipeSources(recipe);
      if (sources.sample !== undefined) {
        await use(recipe, asFile(recipeSampleFile(recipe)), { sampleId: sources.sample.id });
        return;
      }
      const { entry, files } = sources.gallery;
      const failed = (reason: 'download' | 'desktop', message: string) =>
        set({
          status: 'failed',
          recipe: recipe.name,
          message,
          reason,
          urls: files.flatMap((f) => (f.url === null ? [] : [f.url])),
          files: files.map((f) => f.name),
        });
      const desktop =
        (await host.shell()) === 'electron' ? ((await host.desktop?.()) ?? null) : undefined;
      if (desktop === null) {
        failed('desktop', '');
        return;
      }
      controller?.abort();
      const own = new AbortController();
      controller = own;
      const onProgress = (p: DownloadProgress) =>
        set({
          status: 'downloading',
          recipe: recipe.name,
          file: p.file,
          fileIndex: p.fileIndex,
          fileCount: p.fileCount,
          bytesReceived: p.bytesReceived,
          bytesTotal: p.bytesTotal ?? null,
        });
      let data: RecipeDataFile;
      try {
        const downloaded =
          desktop === undefined
            ? (
                await downloadDataset(
                  { ...entry, files: [...files] },
                  {
                    fetch: host.fetch,
                    signal: own.signal,
                    ...(host.cache !== undefined ? { cache: host.cache } : {}),
                    onProgress,
                  },
                )
              ).map((f) => f.bytes)
            : await downloadInMain(desktop, entry.id, recipe.dataset.files, own.signal, onProgress);
        data = recipeDataFile(recipe, downloaded);
      } catch (err) {
        if (own.signal.aborted) {
          if (controller === own) set({ status: 'idle' });
          return;
        }
        failed('download', err instanceof Error ? err.message : String(err));
        return;
      } finally {
        if (controller === own) controller = null;
      }
      await use(recipe, asFile(data), { inMemory: true });
    },
    async loadFromFiles(recipe, chosen) {
      if (chosen.length === 1 && recipe.dataset.files.length === 1) {
        await use(recipe, chosen[0] as File);
        return;
      }
      const ordered = recipe.dataset.files.map((name) => {
        const file = chosen.find((f) => f.name === name);
        if (file === undefined) {
          throw new Error(
            `Recipe '${recipe.name}': the file '${name}' must be among the chosen files, got ${chosen.map((f) => `'${f.name}'`).join(', ')}.`,
          );
        }
        return file;
      });
      const bytes = await Promise.all(
        ordered.map(async (f) => new Uint8Array(await f.arrayBuffer())),
      );
      await use(recipe, asFile(recipeDataFile(recipe, bytes)), { inMemory: true });
    },
    cancel() {
      controller?.abort();
    },
    dismiss() {
      set({ status: 'idle' });
    },
  };
}

/**
 * Downloads a gallery entry's files through main (sha256-checked, cached in the app's data folder)
 * and reads their bytes back; `signal` cancels main's download.
 */
async function downloadInMain(
  desktop: RecipeDesktop,
  galleryId: string,
  files: readonly string[],
  signal: AbortSignal,
  onProgress: (progress: DownloadProgress) => void,
): Promise<Uint8Array[]> {
  const off = desktop.onDownloadProgress((p) => {
    if (p.entryId === galleryId) onProgress(p);
  });
  const cancel = () => {
    desktop.cancelGalleryDownload(galleryId).catch((err: unknown) => {
      console.warn(`Recipes: cancelling the download of '${galleryId}' failed.`, err);
    });
  };
  signal.addEventListener('abort', cancel);
  try {
    const granted = await desktop.downloadGalleryFiles(galleryId, files);
    // NOTE: read in slices like any granted file, so no gallery file is bound by IPC's 64 MiB.
    const opened = await Promise.all(granted.map((f) => desktop.openGrantedFile(f.path, f.name)));
    return await Promise.all(opened.map(async (f) => new Uint8Array(await f.arrayBuffer())));
  } finally {
    signal.removeEventListener('abort', cancel);
    off();
  }
}

/** Reads the loader's state and re-renders when it changes. */
export function useRecipeLoad(loader: RecipeLoader): RecipeLoadState {
  return useSyncExternalStore(loader.subscribe, loader.getState);
}
