/** Downloads gallery datasets through an injected fetch: streaming with progress, sha256 verification, trimming, and a host cache. */
import { DatasetError } from '../../errors.ts';
import { type AbortSignalLike, throwIfAborted } from '../textSource.ts';
import { Sha256, sha256Hex } from './sha256.ts';
import type {
  DatasetCache,
  DownloadProgress,
  FetchLike,
  FetchResponseLike,
  GalleryEntry,
  GalleryFile,
} from './types.ts';

/** Options of {@link downloadDataset}. */
export interface DownloadOptions {
  fetch: FetchLike;
  cache?: DatasetCache;
  /** Serve every file from `<mirrorBase>/<entry id>/<file name>` instead of its public URL. */
  mirrorBase?: string;
  signal?: AbortSignalLike;
  onProgress?: (progress: DownloadProgress) => void;
}

/** A downloaded (or cached) and verified file. */
export interface DownloadedFile {
  name: string;
  bytes: Uint8Array;
  fromCache: boolean;
}

/**
 * The first `count` sentences of a CoNLL-style file (blocks of lines ended by a blank line),
 * blank line included; leading comment lines stay with the first sentence.
 */
export function firstSentences(bytes: Uint8Array, count: number): Uint8Array {
  let sentences = 0;
  let lineStart = 0;
  let inBlock = false;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    const empty = i === lineStart || (i === lineStart + 1 && bytes[lineStart] === 0x0d);
    if (empty && inBlock) {
      sentences++;
      inBlock = false;
      if (sentences === count) return bytes.subarray(0, i + 1);
    } else if (!empty) inBlock = true;
    lineStart = i + 1;
  }
  return bytes;
}

async function* chunksOf(body: NonNullable<FetchResponseLike['body']>): AsyncIterable<Uint8Array> {
  if ('getReader' in body) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value !== undefined) yield value;
    }
  }
  yield* body;
}

function where(entry: GalleryEntry, file: GalleryFile): string {
  return `Gallery '${entry.id}', file '${file.name}'`;
}

async function fetchFile(
  entry: GalleryEntry,
  file: GalleryFile,
  index: number,
  options: DownloadOptions,
): Promise<Uint8Array> {
  const viaMirror = options.mirrorBase !== undefined;
  const url = viaMirror
    ? `${(options.mirrorBase as string).replace(/\/+$/, '')}/${entry.id}/${encodeURIComponent(file.name)}`
    : file.url;
  if (url === null) {
    throw new DatasetError(
      `${where(entry, file)}: the file has no public URL (${entry.note ?? 'it is derived data'}). Set a mirror to download it.`,
      'download',
    );
  }
  const upstream = viaMirror ? undefined : file.upstream;
  const expected = upstream?.bytes ?? file.bytes;
  let response: FetchResponseLike;
  try {
    response = await options.fetch(url);
  } catch (err) {
    throwIfAborted(options.signal, `${entry.id}/${file.name}`);
    throw new DatasetError(
      `${where(entry, file)}: downloading '${url}' failed (${(err as Error).message}). Check the connection and try again.`,
      'download',
    );
  }
  if (!response.ok || response.body === null) {
    throw new DatasetError(
      `${where(entry, file)}: downloading '${url}' failed with HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}. Check the connection or try again later.`,
      'download',
    );
  }
  const hash = new Sha256();
  const parts: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of chunksOf(response.body)) {
    throwIfAborted(options.signal, `${entry.id}/${file.name}`);
    received += chunk.length;
    if (received > expected) {
      throw new DatasetError(
        `${where(entry, file)}: '${url}' sent more than the expected ${expected} bytes. The source changed or the download is corrupt; the file was not saved.`,
        'checksum',
      );
    }
    hash.update(chunk);
    parts.push(chunk);
    options.onProgress?.({
      entryId: entry.id,
      file: file.name,
      fileIndex: index,
      fileCount: entry.files.length,
      bytesReceived: received,
      bytesTotal: expected,
      fromCache: false,
    });
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  const digest = hash.hex();
  const want = upstream?.sha256 ?? file.sha256;
  if (digest !== want) {
    throw new DatasetError(
      `${where(entry, file)}: the download from '${url}' has sha256 ${digest}, expected ${want}. The download is corrupt or the source changed; the file was not saved. Try again or report it.`,
      'checksum',
    );
  }
  if (upstream === undefined) return bytes;
  const kept = firstSentences(bytes, upstream.firstSentences);
  const keptDigest = sha256Hex(kept);
  if (keptDigest !== file.sha256) {
    throw new DatasetError(
      `${where(entry, file)}: the first ${upstream.firstSentences} sentences have sha256 ${keptDigest}, expected ${file.sha256}. Report this: the catalogue and the trimming disagree.`,
      'checksum',
    );
  }
  return kept;
}

/**
 * Downloads every file of a gallery entry (or takes it from the cache when its checksum still
 * matches), verifies sha256, trims upstream files as the catalogue says, and stores them.
 * @throws DatasetError ('download') for HTTP or network failures, ('checksum') for a wrong
 *   checksum or size, ('aborted') when `signal` fires.
 */
export async function downloadDataset(
  entry: GalleryEntry,
  options: DownloadOptions,
): Promise<DownloadedFile[]> {
  const out: DownloadedFile[] = [];
  for (const [index, file] of entry.files.entries()) {
    throwIfAborted(options.signal, `${entry.id}/${file.name}`);
    const key = `${entry.id}/${file.name}`;
    const cached = options.cache ? await options.cache.get(key) : null;
    if (cached !== null && sha256Hex(cached) === file.sha256) {
      options.onProgress?.({
        entryId: entry.id,
        file: file.name,
        fileIndex: index,
        fileCount: entry.files.length,
        bytesReceived: cached.length,
        bytesTotal: file.bytes,
        fromCache: true,
      });
      out.push({ name: file.name, bytes: cached, fromCache: true });
      continue;
    }
    const bytes = await fetchFile(entry, file, index, options);
    await options.cache?.put(key, bytes);
    out.push({ name: file.name, bytes, fromCache: false });
  }
  return out;
}
