/** A data file read a piece at a time, as many passes as its readers need, with every pass checked against the others so a file that changes between passes is refused; and in-memory bytes as such a source. */
import { DatasetError } from '../errors.ts';

/** Bytes per piece a source hands over (a multiple of 4 KiB: one piece is decoded at a time). */
export const PIECE_BYTES = 4 * 1024 * 1024;

/**
 * A file that is read in pieces: its name and size, and a new pass over its bytes from the start
 * whenever a reader asks (inspection reads the head, the training read the whole file). A reader
 * may stop a pass early; nothing is held between passes.
 */
export interface ByteSource {
  /** The file's name, for messages. */
  readonly name: string;
  /** Its size in bytes when it was opened; a pass never reads past it. */
  readonly size: number;
  /**
   * A new pass: the bytes from the start, in pieces of at most {@link PIECE_BYTES}. A piece is the
   * reader's until it asks for the next one (a source may reuse its buffer): what a reader keeps of
   * it, it copies or decodes first.
   */
  pieces(): AsyncIterable<Uint8Array>;
  /** The bytes themselves when the source already holds them (tests, small files): no copy is made. */
  readonly whole?: Uint8Array;
}

/** A file that is read by slices (a browser `File`, core/protocol's `FileHandle`). */
export interface SliceableFile {
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** The file a reader gets: its bytes in memory, or a source it reads a piece at a time. */
export type FileBytes = Uint8Array | ByteSource;

/** True when `bytes` is a source rather than bytes in memory. */
export function isByteSource(bytes: FileBytes): bytes is ByteSource {
  return !(bytes instanceof Uint8Array);
}

/** The size of a file given either way. */
export function sizeOfBytes(bytes: FileBytes): number {
  return isByteSource(bytes) ? bytes.size : bytes.length;
}

/**
 * A new pass over the file: a source's pieces, or bytes in memory as views of `sliceBytes`
 * (default {@link PIECE_BYTES}).
 */
export async function* piecesOf(
  bytes: FileBytes,
  sliceBytes = PIECE_BYTES,
): AsyncIterable<Uint8Array> {
  if (isByteSource(bytes)) {
    yield* bytes.pieces();
    return;
  }
  for (let at = 0; at < bytes.length; at += sliceBytes) yield bytes.subarray(at, at + sliceBytes);
}

/** Bytes in memory as a source (views of `pieceBytes`, no copy). */
export function memoryByteSource(
  name: string,
  bytes: Uint8Array,
  pieceBytes = PIECE_BYTES,
): ByteSource {
  return {
    name,
    size: bytes.length,
    whole: bytes,
    async *pieces() {
      for (let at = 0; at < bytes.length; at += pieceBytes) {
        yield bytes.subarray(at, at + pieceBytes);
      }
    },
  };
}

/** `bytes` as a source: a source as it is, bytes in memory wrapped by {@link memoryByteSource}. */
export function asByteSource(bytes: FileBytes, name: string): ByteSource {
  return isByteSource(bytes) ? bytes : memoryByteSource(name, bytes);
}

/** The message for a file whose bytes differ from one pass to another (or from its size). */
export function changedWhileRead(fileName: string): DatasetError {
  return new DatasetError(
    `'${fileName}' changed while it was read; choose it again once it is saved.`,
    'format',
  );
}

/**
 * A file handle (a browser `File`, the desktop trainer's opened path) as a source: each piece is
 * one slice, read when the pass reaches it.
 * @throws DatasetError (on a pass) when a slice comes back short: the file shrank.
 */
export function handleByteSource(
  name: string,
  file: SliceableFile,
  pieceBytes = PIECE_BYTES,
): ByteSource {
  const size = file.size;
  return {
    name,
    size,
    async *pieces() {
      for (let at = 0; at < size; at += pieceBytes) {
        const end = Math.min(size, at + pieceBytes);
        const piece = new Uint8Array(await file.slice(at, end).arrayBuffer());
        if (piece.length !== end - at) throw changedWhileRead(name);
        yield piece;
      }
    },
  };
}

/**
 * The whole file in one byte array: the bytes themselves when in memory, else one pass collected
 * (for the readers that need the whole file: workbooks, Parquet, JSON documents, CoNLL-U, tables
 * of pairs and texts).
 * @throws DatasetError when the pass does not give `size` bytes.
 */
export async function wholeBytes(bytes: FileBytes): Promise<Uint8Array> {
  if (!isByteSource(bytes)) return bytes;
  if (bytes.whole !== undefined) return bytes.whole;
  const out = new Uint8Array(bytes.size);
  let at = 0;
  for await (const piece of bytes.pieces()) {
    if (at + piece.length > out.length) throw changedWhileRead(bytes.name);
    out.set(piece, at);
    at += piece.length;
  }
  if (at !== out.length) throw changedWhileRead(bytes.name);
  return out;
}

/**
 * The first `max` bytes of the file (all of it when shorter), copied from the start of a pass that
 * then stops; a view when the bytes are in memory.
 */
export async function headOfBytes(bytes: FileBytes, max: number): Promise<Uint8Array> {
  if (!isByteSource(bytes)) return bytes.subarray(0, max);
  if (bytes.whole !== undefined) return bytes.whole.subarray(0, max);
  const out = new Uint8Array(Math.min(max, bytes.size));
  let at = 0;
  for await (const piece of bytes.pieces()) {
    const take = Math.min(piece.length, out.length - at);
    out.set(take === piece.length ? piece : piece.subarray(0, take), at);
    at += take;
    if (at >= out.length) break;
  }
  return at === out.length ? out : out.subarray(0, at);
}
