/** Opening the CLI's input files: only regular files, checked on the open handle, so a folder, FIFO or device is refused at once instead of read forever. */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { ConfigError } from '../core/errors.ts';
import { handlePieces } from '../node/filePieces.ts';

/** Raised for a path that is not a regular file; `code` lets the CLI's messages switch on it. */
export class NotAFileError extends Error {
  override readonly name = 'NotAFileError';
  readonly code = 'ENOTFILE';
  constructor(
    readonly path: string,
    /** What it is instead: 'a folder', 'a FIFO (named pipe)', 'a device', 'a socket'. */
    readonly what: string,
  ) {
    super(`'${path}' is ${what}, not a regular file.`);
  }
}

function describeKind(stats: import('node:fs').Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Opens `path` for reading if it is a regular file. O_NONBLOCK makes opening a FIFO return at once
 * (a plain open waits for a writer forever); the type is checked on the open handle, so the file
 * cannot be swapped between the check and the read.
 * @throws NotAFileError for a folder, FIFO, device or socket; the file system's error otherwise.
 */
export async function openRegularFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new NotAFileError(path, describeKind(stats));
    return { handle, size: stats.size };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** A regular file's bytes. @throws as {@link openRegularFile}. */
export async function readRegularFile(path: string): Promise<Uint8Array> {
  const { handle } = await openRegularFile(path);
  try {
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}

/** A regular file's size in bytes. @throws as {@link openRegularFile}. */
export async function regularFileSize(path: string): Promise<number> {
  const { handle, size } = await openRegularFile(path);
  await handle.close();
  return size;
}

/**
 * A regular file's bytes in chunks of `chunkBytes` (Node's 64 KiB by default).
 * @throws as {@link openRegularFile} when iteration starts.
 */
export async function* streamRegularFile(
  path: string,
  chunkBytes?: number,
): AsyncGenerator<Uint8Array> {
  const { handle } = await openRegularFile(path);
  try {
    const options = chunkBytes === undefined ? {} : { highWaterMark: chunkBytes };
    for await (const chunk of handle.createReadStream({ autoClose: false, ...options })) {
      yield chunk as Uint8Array;
    }
  } finally {
    await handle.close();
  }
}

/**
 * The first `size` bytes of a regular file (fewer when it is shorter now) in pieces of
 * `pieceBytes`, each read into the same buffer (node/filePieces.ts).
 * @throws as {@link openRegularFile} when iteration starts.
 */
export async function* readRegularFilePieces(
  path: string,
  size: number,
  pieceBytes: number,
): AsyncGenerator<Uint8Array> {
  const { handle } = await openRegularFile(path);
  try {
    yield* handlePieces(handle, 0, size, pieceBytes);
  } finally {
    await handle.close();
  }
}

/** The one-line message for a file that cannot be read, or null when `err` is not about the file. */
export function fileProblem(err: unknown, path: string): ConfigError | null {
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOTFILE') {
    const what = (err as { what?: unknown }).what;
    return new ConfigError(
      `cannot read '${path}': it is ${String(what)}, not a regular file; give the path of a file.`,
    );
  }
  const why: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is not a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
  };
  return typeof code === 'string' && Object.hasOwn(why, code)
    ? new ConfigError(`cannot read '${path}': ${why[code]}.`)
    : null;
}
