/** The IPC handlers for dataset bytes: saving in-app data to disk, bounded and ranged reads of granted files, and gallery downloads with progress. */
import type { DownloadProgress } from '../../core/data/gallery/types.ts';
import { readFileBounded, readFileRange, saveDatasetBytes } from './datasetFiles.ts';
import type { FileGrants } from './fileGrants.ts';
import type { GalleryDownloads } from './galleryDownloads.ts';
import { describeFile } from './handlers.ts';
import type { InvokeEventLike, InvokeHandlers } from './ipc.ts';

/** What {@link createDatasetHandlers} needs. */
export interface DatasetHandlerDeps<E extends InvokeEventLike> {
  grants: FileGrants;
  /** Where saved datasets go (`<userData>/datasets`). */
  datasetsDir: string;
  gallery: GalleryDownloads;
  /** Sends a download's progress to the window that asked. */
  sendProgress: (event: E, progress: DownloadProgress) => void;
}

/** The channels {@link createDatasetHandlers} serves. */
export type DatasetChannel =
  | 'studio:save-dataset'
  | 'studio:read-granted-file'
  | 'studio:read-granted-file-range'
  | 'studio:gallery-download'
  | 'studio:gallery-cancel';

/**
 * Builds the dataset handlers. Saved and downloaded files become grants, so `run-start` takes
 * their paths like any file the user chose.
 */
export function createDatasetHandlers<E extends InvokeEventLike>(
  deps: DatasetHandlerDeps<E>,
): Pick<InvokeHandlers<E>, DatasetChannel> {
  const { grants } = deps;
  return {
    'studio:save-dataset': async ({ fileName, bytes }) =>
      describeFile(grants.grantFile(await saveDatasetBytes(deps.datasetsDir, fileName, bytes))),
    'studio:read-granted-file': ({ path }) => readFileBounded(grants.check(path)),
    'studio:read-granted-file-range': ({ path, offset, length }) =>
      readFileRange(grants.check(path), { offset, length }),
    'studio:gallery-download': async ({ galleryId, files }, event) => {
      const paths = await deps.gallery.download({
        galleryId,
        ...(files !== undefined ? { files } : {}),
        owner: event.sender.id,
        onProgress: (progress) => deps.sendProgress(event, progress),
      });
      return Promise.all(paths.map((p) => describeFile(grants.grantFile(p))));
    },
    'studio:gallery-cancel': ({ galleryId }, event) =>
      deps.gallery.cancel(event.sender.id, galleryId),
  };
}
