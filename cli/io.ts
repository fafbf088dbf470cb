/** The CLI's window on the outside world: output streams and files, injectable for tests. */
import type { SeriesRanges } from '../core/data/seriesRanges.ts';
import { writeFileAtomic } from '../node/atomicWrite.ts';
import { nodeSeriesRanges } from '../node/ranges/seriesRanges.ts';
import {
  readRegularFile,
  readRegularFilePieces,
  regularFileSize,
  streamRegularFile,
} from './inputFiles.ts';

/** Everything a command may touch outside pure computation. */
export interface CliIo {
  /** Writes text to standard output (no newline added). */
  stdout(text: string): void;
  /** Writes text to standard error (no newline added). */
  stderr(text: string): void;
  /** Reads a whole file; refuses anything but a regular file (cli/inputFiles.ts). */
  readFileBytes(path: string): Promise<Uint8Array>;
  /** Streams a file in chunks (for files too large to hold at once), of `chunkBytes` when given. */
  openFileStream(path: string, chunkBytes?: number): AsyncIterable<Uint8Array>;
  /**
   * The first `size` bytes of a file in pieces of `pieceBytes` read into one reused buffer (a piece
   * is the caller's until it asks for the next); absent where files are not on the real file system.
   */
  readFilePieces?(path: string, size: number, pieceBytes: number): AsyncIterable<Uint8Array>;
  /** A file's size in bytes. */
  fileSize(path: string): Promise<number>;
  /** Writes a file atomically (node/atomicWrite.ts): a temporary file beside it, flushed, then a rename. */
  writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void>;
  /** Standard output's terminal width when it is a terminal; null for a pipe or file (no live lines then). */
  stdoutTerminal?(): { columns: number } | null;
  /**
   * A second thread that reads part of the file at `path` itself (a big forecast or classify
   * file's second half, core/data/seriesRanges.ts); absent where files are not on the real file system.
   */
  seriesRanges?(path: string, options?: { early?: boolean }): SeriesRanges;
}

/** Columns assumed for a terminal that does not report its width. */
const DEFAULT_COLUMNS = 80;

/** A stream's terminal width when it is a TTY (`isTTY`), else null. */
export function terminalOf(stream: { isTTY?: boolean; columns?: number }): {
  columns: number;
} | null {
  if (stream.isTTY !== true) return null;
  return {
    columns: stream.columns !== undefined && stream.columns > 0 ? stream.columns : DEFAULT_COLUMNS,
  };
}

/** Exit statuses of the command-line contract (docs/ARCHITECTURE.md). */
export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_BAD_ARGUMENTS = 2;

/** The real process's streams and file system. */
export const nodeIo: CliIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  readFileBytes: readRegularFile,
  openFileStream: streamRegularFile,
  readFilePieces: readRegularFilePieces,
  fileSize: regularFileSize,
  writeFileAtomic,
  stdoutTerminal: () => terminalOf(process.stdout),
  seriesRanges: nodeSeriesRanges,
};
