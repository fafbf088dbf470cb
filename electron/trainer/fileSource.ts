/** Reads a data or checkpoint file in the trainer process as a stream of chunks into one byte array, or opens it as a handle core reads in slices. */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileHandle, FolderFile } from '../../core/protocol/messages.ts';
import { directoryImageFolder } from '../../node/images/directoryImageFolder.ts';

/** Bytes per read; large files arrive in chunks of this size. */
const CHUNK_BYTES = 1 << 20;

/** Reads a whole file; the trainer adapter passes this to the runtime. */
export type ReadFileBytes = (path: string) => Promise<Uint8Array>;

/**
 * Reads `path` chunk by chunk into a buffer sized from `stat` (grown if the file grows while it is
 * read), so a large dataset costs one copy of its bytes and never crosses a process boundary.
 * @throws the file-system error (ENOENT, EACCES, EISDIR …).
 */
export async function readFileStreamed(path: string): Promise<Uint8Array> {
  const info = await stat(path);
  let buffer = new Uint8Array(info.size);
  let length = 0;
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (length + chunk.length > buffer.length) {
      const grown = new Uint8Array(Math.max(buffer.length * 2, length + chunk.length));
      grown.set(buffer.subarray(0, length));
      buffer = grown;
    }
    buffer.set(chunk, length);
    length += chunk.length;
  }
  return length === buffer.length ? buffer : buffer.slice(0, length);
}

/** Opens a file as a handle without reading it; the trainer host passes this to the runtime. */
export type OpenFileHandle = (path: string) => Promise<FileHandle>;

/**
 * Opens `path` as a handle: its size comes from `stat`, its bytes are read only when a slice is
 * (each slice opens, reads and closes the file), so core can refuse a file above the desktop limit
 * before reading it. A slice of a file that shrank comes back short, which core refuses.
 * NOTE: not `fs.openAsBlob`, whose size wraps at 4 GiB in Node 20 (a 4.1 GB file reports 32 KB).
 * @throws the file-system error (ENOENT, EACCES …).
 */
export const openFileHandle: OpenFileHandle = async (path) => {
  const { size } = await stat(path);
  return {
    size,
    slice: (start, end) => ({ arrayBuffer: () => readRange(path, start, end) }),
  };
};

/** Bytes `start` to `end` of `path` (fewer when the file ends first). */
async function readRange(path: string, start: number, end: number): Promise<ArrayBuffer> {
  const handle = await open(path, 'r');
  try {
    const bytes = new Uint8Array(Math.max(0, end - start));
    let length = 0;
    while (length < bytes.length) {
      const { bytesRead } = await handle.read(bytes, length, bytes.length - length, start + length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return (length === bytes.length ? bytes : bytes.slice(0, length)).buffer;
  } finally {
    await handle.close();
  }
}

/** Opens a folder as handles of its files; the trainer host passes this to the runtime. */
export type OpenFolder = (path: string) => Promise<{ name: string; files: FolderFile[] }>;

/**
 * Lists the folder main named (files in sorted order, hidden files and links skipped, as
 * node/images/directoryImageFolder.ts does) and opens each file as a handle: nothing is read
 * until the caption task reads an image, one at a time.
 * @throws the file-system error when the folder cannot be listed or a file stat'ed.
 */
export const openFolderHandles: OpenFolder = async (path) => {
  const folder = await directoryImageFolder(path);
  const files: FolderFile[] = [];
  for (const relative of folder.paths) {
    files.push({ path: relative, file: await openFileHandle(join(path, ...relative.split('/'))) });
  }
  return { name: folder.name, files };
};
