/** Types of the dataset gallery: entries, files, licences, the injected fetch and the host's cache. */
import type { TaskKind } from '../roles.ts';

/** A licence as the gallery shows it before download. */
export interface GalleryLicence {
  /** Stable id, for the renderer to word the name (`licences.<id>`). */
  id: string;
  /** The licence's name in English. */
  name: string;
  /** Where the full licence lives, or null when none is stated. */
  url: string | null;
  /** The licence (or notice) text to show. */
  text: string;
}

/** One file of a dataset. */
export interface GalleryFile {
  /** File name in the cache and in a mirror (`<mirror>/<entry id>/<name>`). */
  name: string;
  /** Public source URL, or null when the file is only served by a mirror. */
  url: string | null;
  /** Size and sha256 of the file the app keeps (after trimming, when `upstream` is set). */
  bytes: number;
  sha256: string;
  /** The source serves a larger file: its size and sha256, and how many sentences the app keeps. */
  upstream?: { bytes: number; sha256: string; firstSentences: number };
}

/** A dataset in the gallery. */
export interface GalleryEntry {
  id: string;
  title: string;
  /** The task it suits. */
  kind: TaskKind;
  language: string;
  /** Repository and commit or package and version the files come from. */
  source: string;
  licence: GalleryLicence;
  note?: string;
  files: GalleryFile[];
}

/** The part of a fetch Response the downloader reads. */
export interface FetchResponseLike {
  ok: boolean;
  status: number;
  statusText?: string;
  headers: { get(name: string): string | null };
  /** A web ReadableStream (browsers, Node's fetch) or any async iterable of chunks. */
  body:
    | AsyncIterable<Uint8Array>
    | {
        getReader(): {
          read(): Promise<{ done: boolean; value?: Uint8Array }>;
          cancel(): Promise<void>;
        };
      }
    | null;
}

/**
 * `fetch` as the host provides it (globalThis.fetch fits). Cancellation is checked between chunks;
 * a host that wants the request itself aborted binds its signal into this function.
 */
export type FetchLike = (url: string) => Promise<FetchResponseLike>;

/** Storage the host supplies (the app data folder in Electron, IndexedDB in a browser). */
export interface DatasetCache {
  /** The stored bytes for `key` (`<entry id>/<file name>`), or null. */
  get(key: string): Promise<Uint8Array | null>;
  /** Stores bytes under `key`; should write atomically. */
  put(key: string, bytes: Uint8Array): Promise<void>;
}

/** Progress of a gallery download. */
export interface DownloadProgress {
  entryId: string;
  file: string;
  fileIndex: number;
  fileCount: number;
  bytesReceived: number;
  /** Expected bytes of this file, when known. */
  bytesTotal?: number;
  fromCache: boolean;
}
