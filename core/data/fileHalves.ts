/** A big CSV/TSV read in two halves by one byte reader each: the first half and a hash of the rest on this thread, the rest (from the first line end past the midpoint) on the host's second thread, whose result the caller joins — or this thread reads on wherever the split is not safe (forecast's series, core/data/seriesRanges.ts; classify's rows, core/tasks/classify/rowRanges.ts). */

import { type ByteRecordReader, withoutBom } from './byteRecords.ts';
import { type ByteSource, changedWhileRead } from './byteSource.ts';
import { Xxh32 } from './xxh32.ts';

const LF = 10;

/** A range read under way on another thread; `cancel` ends it (its result is then not awaited). */
export interface RangeJob<R> {
  readonly result: Promise<R>;
  cancel(): void;
}

/** What any range read gives back besides its own data: where it started and the hash of what it read, or why it did not. */
export type RangeOutcome<D> =
  | ({
      ok: true;
      /** Where the range started: just after the first line feed at or after the midpoint. */
      split: number;
      /** XXH32 of bytes `split` to the range's end, as read, so the reader can tell they are the bytes it hashed. */
      hash: number;
    } & D)
  | { ok: false; reason: string };

/** Where this thread handed the rest to the other: the split's file offset and the line it starts on, and the hash of the bytes after it as this pass read them. */
export interface Handover {
  split: number;
  firstLine: number;
  rest: Xxh32;
}

/**
 * Pushes bytes `from` to `to` of a file given as `pieces` (a pass starting at `from`) to `reader`
 * (a `midFile` reader), from the first line feed at or after `from`, then ends it: where the range
 * started and the hash of what it read, or why it could not (no line end there, the file shorter).
 * `estimate`, when given, is called once, after the first piece, with the share of the range read.
 * @throws DatasetError as the reader's push and end.
 */
export async function readRange(
  pieces: AsyncIterable<Uint8Array>,
  range: { from: number; to: number },
  reader: ByteRecordReader,
  estimate?: (share: number) => void,
): Promise<RangeOutcome<object>> {
  const { from, to } = range;
  let estimated = estimate === undefined;
  const hash = new Xxh32();
  let at = from;
  let split = -1;
  for await (const raw of pieces) {
    // NOTE: a plain view of a Node Buffer, so the readers see one kind of array (monomorphic).
    let piece = new Uint8Array(raw.buffer, raw.byteOffset, Math.min(raw.length, to - at));
    at += piece.length;
    if (split < 0) {
      const lf = piece.indexOf(LF);
      if (lf < 0) continue;
      split = at - piece.length + lf + 1;
      piece = piece.subarray(lf + 1);
    }
    hash.update(piece);
    reader.push(piece);
    if (!estimated) {
      estimated = true;
      estimate?.((at - from) / (to - from));
    }
    if (at >= to) break;
  }
  if (split < 0) return { ok: false, reason: 'no line end after the midpoint' };
  if (at !== to) return { ok: false, reason: `the file ended at ${at}, not ${to}` };
  reader.end();
  return { ok: true, split, hash: hash.value() };
}

/**
 * Reads `source` with `reader`: this thread the first half and then only hashes the rest (a whole
 * pass, so the source's fingerprint covers every byte), the job `start` begins at the midpoint the
 * rest, handed to `join` with where this thread stopped. When the split lands inside a record (a
 * quoted line break across it, the header) this thread reads on as one reader; when the other
 * thread fails it reads the rest in a second pass.
 * @throws DatasetError as the reader; ('format') when the other thread read other bytes than this
 *   pass (the file changed while it was read).
 */
export async function readInTwo<D>(
  source: ByteSource,
  reader: ByteRecordReader,
  halves: {
    fileName: string;
    start: (mid: number) => RangeJob<RangeOutcome<D>>;
    join: (result: { ok: true; split: number; hash: number } & D, handover: Handover) => void;
    /** Called once, after this thread's first piece, with the share of the file read so far. */
    estimate?: (share: number) => void;
  },
): Promise<void> {
  const mid = Math.floor(source.size / 2);
  const job = halves.start(mid);
  let handover: Handover | null = null;
  try {
    handover = await firstHalf(source, reader, mid, halves.estimate);
  } finally {
    if (handover === null) job.cancel();
  }
  if (handover === null) {
    reader.end();
    return;
  }
  // NOTE: the other thread's result is awaited only now, so this thread's hashing overlapped it.
  const result = await job.result;
  if (result.ok && result.split === handover.split) {
    if (result.hash !== handover.rest.value()) throw changedWhileRead(halves.fileName);
    halves.join(result, handover);
    return;
  }
  await readFrom(source, handover.split, reader);
  reader.end();
}

/**
 * One whole pass: the bytes up to the first line feed at or after `mid` to `reader`, the rest
 * hashed; null when the reader took every byte (no line feed after `mid`, or the split fell
 * inside a record, so it read on).
 */
async function firstHalf(
  source: ByteSource,
  reader: ByteRecordReader,
  mid: number,
  estimate?: (share: number) => void,
): Promise<Handover | null> {
  let estimated = estimate === undefined;
  const seen = { bom: 0 };
  /** File offset of the next piece's first byte. */
  let at = -1;
  let handover: Handover | null = null;
  let settled = false;
  for await (const raw of withoutBom(source.pieces(), seen)) {
    const piece = new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
    if (at < 0) at = seen.bom;
    const start = at;
    at += piece.length;
    if (handover !== null) {
      handover.rest.update(piece);
      continue;
    }
    const lf = settled || at <= mid ? -1 : piece.indexOf(LF, Math.max(0, mid - start));
    if (lf < 0) {
      reader.push(piece);
      if (!estimated) {
        estimated = true;
        estimate?.(at / source.size);
      }
      continue;
    }
    settled = true;
    reader.push(piece.subarray(0, lf + 1));
    const firstLine = reader.boundary();
    if (firstLine < 0) reader.push(piece.subarray(lf + 1));
    else
      handover = {
        split: start + lf + 1,
        firstLine,
        rest: new Xxh32().update(piece.subarray(lf + 1)),
      };
  }
  return handover;
}

/** A second pass handing `reader` the bytes from file offset `split` on. */
async function readFrom(
  source: ByteSource,
  split: number,
  reader: ByteRecordReader,
): Promise<void> {
  const seen = { bom: 0 };
  let at = -1;
  for await (const raw of withoutBom(source.pieces(), seen)) {
    if (at < 0) at = seen.bom;
    const start = at;
    at += raw.length;
    if (at <= split) continue;
    const piece = new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
    reader.push(start >= split ? piece : piece.subarray(split - start));
  }
}
