/** The dataset gallery's surface: the catalogue, verified downloads and their types. */
export { GALLERY, galleryEntry } from './catalogue.ts';
export {
  type DownloadedFile,
  type DownloadOptions,
  downloadDataset,
  firstSentences,
} from './download.ts';
export { sha256Hex } from './sha256.ts';
export type {
  DatasetCache,
  DownloadProgress,
  FetchLike,
  GalleryEntry,
  GalleryFile,
  GalleryLicence,
} from './types.ts';
