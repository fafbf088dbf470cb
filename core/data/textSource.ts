/** Turns bytes or a stream of byte chunks into decoded text: encoding detection on a sample, progress, cancellation. */
import { DatasetError } from '../errors.ts';
import {
  DETECTION_SAMPLE_BYTES,
  resolveEncoding,
  StreamDecoder,
  type TextEncodingName,
} from './encoding.ts';

/** The part of `AbortSignal` the importer reads (a real AbortSignal fits). */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

/** Progress of a streaming read. */
export interface ImportProgress {
  bytesRead: number;
  /** Total size when the host knows it. */
  totalBytes?: number;
  /** Records (rows, lines or sentences) seen so far. */
  records: number;
}

/** Options shared by every streaming reader. */
export interface StreamOptions {
  /** The file's name, used in every message. */
  fileName: string;
  /** Overrides encoding detection. */
  encoding?: TextEncodingName;
  /** File size in bytes, for progress and the whole-file limit. */
  totalBytes?: number;
  /** Cancels the read: the reader throws DatasetError ('aborted') at the next chunk. */
  signal?: AbortSignalLike;
  /** Called after each chunk. */
  onProgress?: (progress: ImportProgress) => void;
}

/** A text being read: its encoding, a decoded head for detection, and the rest as it arrives. */
export interface OpenedText {
  encoding: TextEncodingName;
  /** True when the encoding is a guess among single-byte encodings (windows-1252). */
  encodingGuessed: boolean;
  /** Byte length of the byte-order mark the file starts with (0 when none). */
  bomLength: number;
  /** Decoded text of the first chunk(s), at least {@link DETECTION_SAMPLE_BYTES} unless the file is shorter. */
  head: string;
  /** True when `head` is the whole file. */
  complete: boolean;
  /** The remaining text, decoded chunk by chunk (empty when `complete`). */
  rest: AsyncIterable<string>;
  /** Bytes read so far. */
  bytesRead(): number;
}

/** Throws DatasetError ('aborted') when `signal` is aborted. */
export function throwIfAborted(signal: AbortSignalLike | undefined, fileName: string): void {
  if (signal?.aborted === true) {
    throw new DatasetError(`'${fileName}': the import was cancelled.`, 'aborted');
  }
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Bytes decoded per slice while streaming bytes already in memory (a multiple of 4 KiB). */
export const STREAM_SLICE_BYTES = 4 * 1024 * 1024;

/** `bytes` as consecutive views of `size` bytes (no copy), so no piece decodes to a huge string. */
export async function* byteSlices(
  bytes: Uint8Array,
  size = STREAM_SLICE_BYTES,
): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Wraps a whole file as a one-chunk stream. */
export async function* singleChunk(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/**
 * Opens a stream of byte chunks as text: reads a head of at least 64 KiB, detects its encoding
 * (unless given) and decodes the rest lazily.
 * @throws DatasetError ('binary' | 'encoding' | 'aborted').
 */
export async function openText(
  chunks: AsyncIterable<Uint8Array>,
  options: StreamOptions,
): Promise<OpenedText> {
  const { fileName, signal } = options;
  const iterator = chunks[Symbol.asyncIterator]();
  const headParts: Uint8Array[] = [];
  let headLength = 0;
  let done = false;
  while (headLength < DETECTION_SAMPLE_BYTES) {
    throwIfAborted(signal, fileName);
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    headParts.push(next.value);
    headLength += next.value.length;
  }
  const headBytes = concat(headParts, headLength);
  const { encoding, bomLength, guessed } = resolveEncoding(headBytes, {
    fileName,
    complete: done,
    encoding: options.encoding,
  });
  const decoder = new StreamDecoder(encoding, { fileName, bomLength });
  const head = decoder.decode(headBytes, { final: done });
  let bytesRead = headLength;
  async function* rest(): AsyncIterable<string> {
    if (done) return;
    for (;;) {
      throwIfAborted(signal, fileName);
      const next = await iterator.next();
      if (next.done === true) {
        const tail = decoder.decode(new Uint8Array(0), { final: true });
        if (tail !== '') yield tail;
        return;
      }
      bytesRead += next.value.length;
      yield decoder.decode(next.value);
    }
  }
  return {
    encoding,
    encodingGuessed: guessed === true,
    bomLength,
    head,
    complete: done,
    rest: rest(),
    bytesRead: () => bytesRead,
  };
}

/** `head` cut after its last line end (the whole head when `complete`): safe to sniff. */
export function wholeLines(head: string, complete: boolean): string {
  if (complete) return head;
  const cut = Math.max(head.lastIndexOf('\n'), head.lastIndexOf('\r'));
  return cut === -1 ? head : head.slice(0, cut + 1);
}
