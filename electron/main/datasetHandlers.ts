/** The IPC handlers for dataset bytes: saving in-app data to disk, bounded and ranged reads of granted files, and gallery downloads with progress. */

import type { DownloadProgress } from '../../core/data/gallery/types.ts';
import { INVOKE_CHANNELS } from '../common/ipc/channels.ts';
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
  | typeof INVOKE_CHANNELS.saveDataset
  | typeof INVOKE_CHANNELS.readGrantedFile
  | typeof INVOKE_CHANNELS.readGrantedFileRange
  | typeof INVOKE_CHANNELS.galleryDownload
  | typeof INVOKE_CHANNELS.galleryCancel;

/**
 * Builds the dataset handlers. Saved and downloaded files become grants, so `run-start` takes
 * their paths like any file the user chose.
 */
export function createDatasetHandlers<E extends InvokeEventLike>(
  deps: DatasetHandlerDeps<E>,
): Pick<InvokeHandlers<E>, DatasetChannel> {
  const { grants } = deps;
  return {
    [INVOKE_CHANNELS.saveDataset]: async ({ fileName, bytes }) =>
      describeFile(grants.grantFile(await saveDatasetBytes(deps.datasetsDir, fileName, bytes))),
    [INVOKE_CHANNELS.readGrantedFile]: ({ path }) => readFileBounded(grants.check(path)),
    [INVOKE_CHANNELS.readGrantedFileRange]: ({ path, offset, length }) =>
      readFileRange(grants.check(path), { offset, length }),
    [INVOKE_CHANNELS.galleryDownload]: async ({ galleryId, files }, event) => {
      const paths = await deps.gallery.download({
        galleryId,
        ...(files !== undefined ? { files } : {}),
        owner: event.sender.id,
        onProgress: (progress) => deps.sendProgress(event, progress),
      });
      return Promise.all(paths.map((p) => describeFile(grants.grantFile(p))));
    },
    [INVOKE_CHANNELS.galleryCancel]: ({ galleryId }, event) =>
      deps.gallery.cancel(event.sender.id, galleryId),
  };
}
