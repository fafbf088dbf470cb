/** The CLI's window on the outside world: output streams and files, injectable for tests. */
import { createReadStream } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Everything a command may touch outside pure computation. */
export interface CliIo {
  /** Writes text to standard output (no newline added). */
  stdout(text: string): void;
  /** Writes text to standard error (no newline added). */
  stderr(text: string): void;
  /** Reads a whole file. */
  readFileBytes(path: string): Promise<Uint8Array>;
  /** Streams a file in chunks (for files too large to hold at once). */
  openFileStream(path: string): AsyncIterable<Uint8Array>;
  /** A file's size in bytes. */
  fileSize(path: string): Promise<number>;
  /** Writes a file atomically: a temporary file beside it, then a rename. */
  writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void>;
}

/** Exit statuses of the command-line contract (docs/ARCHITECTURE.md). */
export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_BAD_ARGUMENTS = 2;

/** Writes `path` so that a crash leaves either the old file or the new one, never half of one. */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, bytes, { flush: true });
    await rename(tmp, path);
  } catch (err) {
    // A failed write (disk full, no permission to replace) leaves no temporary file behind.
    await rm(tmp, { force: true });
    throw err;
  }
}

/** The real process's streams and file system. */
export const nodeIo: CliIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  readFileBytes: async (path) => new Uint8Array(await readFile(path)),
  openFileStream: (path) => createReadStream(path) as AsyncIterable<Uint8Array>,
  fileSize: async (path) => (await stat(path)).size,
  writeFileAtomic,
};
