/** Inspects a File (or Blob) the way the Data section needs: streamed inspection with progress and cancel, then the preview. */
import {
  type ImportProgress,
  type Inspection,
  inspectStream,
  type ReadOptions,
} from '../../../core/data/index.ts';
import { buildPreview, PREVIEW_BYTE_LIMIT, type Preview } from './preview.ts';

/** How long the reader may run before it lets queued messages (a cancel) through. */
const YIELD_EVERY_MS = 25;

/**
 * Reads a blob as a stream of byte chunks (without relying on ReadableStream's async iterator).
 * NOTE: a blob's reads resolve as microtasks, so a tight loop would never let a worker see its
 * next message; every 25 ms the reader waits one macrotask so a cancel can arrive.
 */
export async function* blobChunks(blob: Blob): AsyncIterable<Uint8Array> {
  const reader = blob.stream().getReader();
  let since = Date.now();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
      if (Date.now() - since > YIELD_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        since = Date.now();
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** Options of {@link inspectFile}. */
export interface InspectFileOptions {
  fileName: string;
  reading?: ReadOptions;
  /** Checked between chunks; when aborted the inspection throws DatasetError ('aborted'). */
  signal?: { readonly aborted: boolean };
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Inspects `blob` as a stream (bounded memory for CSV/TSV/JSONL/text) and builds the preview from
 * its first {@link PREVIEW_BYTE_LIMIT} bytes.
 * @throws DatasetError with the importer's message (file, line, what to do), or ('aborted').
 */
export async function inspectFile(
  blob: Blob,
  options: InspectFileOptions,
): Promise<{ inspection: Inspection; preview: Preview }> {
  const inspection = await inspectStream(blobChunks(blob), {
    fileName: options.fileName,
    totalBytes: blob.size,
    ...(options.reading !== undefined ? { reading: options.reading } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
  });
  const head = new Uint8Array(await blob.slice(0, PREVIEW_BYTE_LIMIT).arrayBuffer());
  const preview = buildPreview(head, inspection, { complete: blob.size <= PREVIEW_BYTE_LIMIT });
  return { inspection, preview };
}
