/** Dataset bytes that have no file on disk (bundled samples, downloads) written to the app's data folder, named by content; and bounded and ranged reads of granted files. */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_IPC_BYTES, MAX_IPC_SLICE_BYTES } from '../common/ipc/channels.ts';
import { writeFileAtomic } from './atomicFile.ts';

/** Raised when bytes too large for one IPC message are sent or asked for. */
export class IpcSizeError extends Error {
  override readonly name = 'IpcSizeError';
}

/** Raised when a ranged read names an offset or length it cannot serve. */
export class FileRangeError extends Error {
  override readonly name = 'FileRangeError';
}

/** `bytes` as MiB with one decimal, for messages. */
export function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * Checks that `size` bytes of `what` may cross IPC.
 * @throws IpcSizeError `<where>: '<what>' must be at most 64.0 MiB to pass through the app, got <n> MiB. Open large files from disk (File › Open Dataset… or drop the file) so the trainer streams them.`
 */
export function assertIpcSize(where: string, what: string, size: number): void {
  if (size > MAX_IPC_BYTES) {
    throw new IpcSizeError(
      `${where}: '${what}' must be at most ${formatMiB(MAX_IPC_BYTES)} to pass through the app, got ${formatMiB(size)}. Open large files from disk (File › Open Dataset… or drop the file) so the trainer streams them.`,
    );
  }
}

/**
 * A file name safe on every OS: folders, reserved and control characters become `_`, leading
 * dots are dropped, and it is cut to 100 characters; `dataset` when nothing is left.
 */
export function safeFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
  const cleaned = last.replace(/[<>:"|?*\u0000-\u001f]/g, '_').replace(/^[.\s]+/, '');
  const cut = cleaned.slice(0, 100).trimEnd();
  return cut === '' ? 'dataset' : cut;
}

/**
 * Writes `bytes` to `<dir>/<first 16 hex of sha256>-<safe name>` atomically, unless a file of that
 * name and size is already there (same content: reused). Returns the file's absolute path.
 * @throws IpcSizeError when `bytes` exceed {@link MAX_IPC_BYTES}.
 */
export async function saveDatasetBytes(
  dir: string,
  fileName: string,
  bytes: Uint8Array,
): Promise<string> {
  assertIpcSize('Save dataset', fileName, bytes.length);
  const digest = createHash('sha256').update(bytes).digest('hex');
  const target = join(dir, `${digest.slice(0, 16)}-${safeFileName(fileName)}`);
  const existing = await stat(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (existing?.isFile() === true && existing.size === bytes.length) return target;
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(target, bytes);
  return target;
}

/**
 * Reads a (granted) file whole, refusing files too large for one IPC message.
 * @throws IpcSizeError when the file exceeds {@link MAX_IPC_BYTES}; the file-system error when
 *   it cannot be read.
 */
export async function readFileBounded(path: string): Promise<Uint8Array> {
  const info = await stat(path);
  assertIpcSize('Read file', path, info.size);
  const buffer = await readFile(path);
  // NOTE: IPC clones a view's whole ArrayBuffer, so a view into a larger (pooled) one is copied.
  const whole = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength;
  return whole
    ? new Uint8Array(buffer.buffer, 0, buffer.byteLength)
    : Uint8Array.prototype.slice.call(buffer);
}

/** The slice {@link readFileRange} reads. */
export interface FileRange {
  /** First byte to read, from 0; at most the file's size. */
  offset: number;
  /** How many bytes to read, 1 to {@link MAX_IPC_SLICE_BYTES}; fewer come back near the end. */
  length: number;
}

/**
 * Reads `range.length` bytes of a (granted) file from `range.offset` — fewer near its end, none
 * at its end — holding only that slice in memory, so a file of any size can cross IPC in slices.
 * @throws FileRangeError `Read file range: offset must be a whole number from 0 to the file's size <size>, got <offset>.`
 *   or `Read file range: length must be a whole number from 1 to 8388608, got <length>.`; the
 *   file-system error when the file cannot be read.
 */
export async function readFileRange(path: string, range: FileRange): Promise<Uint8Array> {
  const { offset, length } = range;
  if (!Number.isInteger(length) || length < 1 || length > MAX_IPC_SLICE_BYTES) {
    throw new FileRangeError(
      `Read file range: length must be a whole number from 1 to ${MAX_IPC_SLICE_BYTES}, got ${length}.`,
    );
  }
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > size) {
      throw new FileRangeError(
        `Read file range: offset must be a whole number from 0 to the file's size ${size}, got ${offset}.`,
      );
    }
    const bytes = new Uint8Array(Math.min(length, size - offset));
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(
        bytes,
        filled,
        bytes.length - filled,
        offset + filled,
      );
      // NOTE: the file shrank since stat; the caller sees a short slice and reports the change.
      if (bytesRead === 0) return bytes.slice(0, filled);
      filled += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}
