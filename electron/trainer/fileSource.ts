/** Reads a data or checkpoint file in the trainer process as a stream of chunks into one byte array. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

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
