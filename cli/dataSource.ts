/** The CLI's training data as a byte source: a file on disk read a piece at a time (opened again for each pass), or recipe files joined in memory; every pass checked against the others. */
import { type ByteSource, memoryByteSource, PIECE_BYTES } from '../core/data/byteSource.ts';
import { joinTableFiles } from '../core/recipes/index.ts';
import { CheckedByteSource } from '../core/train/checkedSource.ts';
import { fileProblem } from './inputFiles.ts';
import type { CliIo } from './io.ts';

/**
 * `path` as a source: its size now, and each pass the file opened again and read a piece of
 * `pieceBytes` at a time into one reused buffer (`io.readFilePieces`), or its chunks gathered into
 * such pieces, up to that size (bytes appended since are not read; a file that shrank ends the
 * pass short, which {@link CheckedByteSource} refuses).
 * @throws (from a pass) ConfigError naming the file when it can no longer be read.
 */
export async function diskByteSource(
  io: CliIo,
  path: string,
  pieceBytes = PIECE_BYTES,
): Promise<ByteSource> {
  const size = await io.fileSize(path);
  return { name: path, size, pieces: () => gathered(io, path, size, pieceBytes) };
}

async function* gathered(
  io: CliIo,
  path: string,
  size: number,
  pieceBytes: number,
): AsyncIterable<Uint8Array> {
  if (io.readFilePieces !== undefined) {
    try {
      yield* io.readFilePieces(path, size, pieceBytes);
    } catch (err) {
      throw fileProblem(err, path) ?? err;
    }
    return;
  }
  let piece: Uint8Array | null = null;
  let filled = 0;
  let read = 0;
  try {
    for await (const chunk of io.openFileStream(path, pieceBytes)) {
      const want = Math.min(pieceBytes, size - read);
      // NOTE: a chunk that is a whole piece (Node reads a file in chunks of the asked size) is
      // handed over as it is, without a copy.
      if (piece === null && chunk.length === want && want > 0) {
        read += want;
        yield chunk;
      } else {
        for (let at = 0; at < chunk.length && read < size; ) {
          piece ??= new Uint8Array(Math.min(pieceBytes, size - read));
          const take = Math.min(chunk.length - at, piece.length - filled);
          piece.set(chunk.subarray(at, at + take), filled);
          filled += take;
          read += take;
          at += take;
          if (filled === piece.length) {
            yield piece;
            piece = null;
            filled = 0;
          }
        }
      }
      if (read >= size) return;
    }
  } catch (err) {
    throw fileProblem(err, path) ?? err;
  }
  if (piece !== null && filled > 0) yield piece.subarray(0, filled);
}

/** `read(path)`, its file-system error as the one-line ConfigError `fileProblem` words (others as they are). */
async function reading<T>(path: string, read: (path: string) => Promise<T>): Promise<T> {
  try {
    return await read(path);
  } catch (err) {
    throw fileProblem(err, path) ?? err;
  }
}

/**
 * The run's data: one file read from disk a piece at a time, or several (a recipe's parts) read
 * whole and joined, their repeated header lines dropped; checked pass by pass.
 * @throws ConfigError naming a file that is missing, not a regular file or not readable.
 */
export async function trainingDataSource(
  io: CliIo,
  paths: readonly string[],
): Promise<CheckedByteSource> {
  if (paths.length === 1) {
    const path = paths[0] as string;
    return new CheckedByteSource(await reading(path, (p) => diskByteSource(io, p)));
  }
  const parts: Uint8Array[] = [];
  for (const path of paths) parts.push(await reading(path, (p) => io.readFileBytes(p)));
  return new CheckedByteSource(memoryByteSource(paths[0] as string, joinTableFiles(parts)));
}
