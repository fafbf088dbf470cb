/** A forecasting series read from a big file on two threads: the host's second thread reads the file's second half (from the first line end past the midpoint) into columns of its own while this one reads the first half and hashes the rest, and the halves are joined in order — the same columns, lines and messages as one reader, which takes over wherever the split is not safe. */

import { ByteRecordReader, withoutBom } from './byteRecords.ts';
import { type ByteSource, changedWhileRead } from './byteSource.ts';
import type { Inspection } from './inspect.ts';
import {
  expectedRows,
  type RangeLines,
  SeriesColumns,
  type SeriesColumnsPlan,
} from './seriesColumns.ts';
import { Xxh32 } from './xxh32.ts';

/**
 * Files smaller than this are read on one thread: the main thread saves about as much as a
 * thread's start costs it at 16 MiB, and a tenth of its time from 24 MiB (docs/benchmarks.md,
 * "Big files"), while the process spends 0.1–0.2 s more CPU at any size.
 */
export const RANGE_MIN_BYTES = 24 * 1024 * 1024;

/** What the second thread reads: bytes `from` to `to` of the file, by the plan (structured-clone data). */
export interface SeriesRangeRequest {
  /** The midpoint: the range starts after the first line feed at or after it. */
  from: number;
  /** The file's size when opened: the range ends there. */
  to: number;
  inspection: Inspection;
  plan: SeriesColumnsPlan;
}

/** What it gives back: its columns in the plan's order, or why it did not (structured-clone data). */
export type SeriesRangeResult =
  | {
      ok: true;
      /** Where the range started: just after the first line feed at or after `from`. */
      split: number;
      /** XXH32 of bytes `split` to `to`, as read, so the reader can tell they are the bytes it hashed. */
      hash: number;
      columns: (Float64Array | Float32Array)[];
      lines: RangeLines;
    }
  | { ok: false; reason: string };

/** A range read under way on another thread; `cancel` ends it (its result is then not awaited). */
export interface SeriesRangeJob {
  readonly result: Promise<SeriesRangeResult>;
  cancel(): void;
}

/**
 * The host's second thread (the CLI's worker thread): starts reading a range of the file it opened
 * (a file this source reads) and settles with the result, never rejecting for a failure of the read
 * itself (`ok: false`: the caller reads the range instead, with its own messages).
 */
export interface SeriesRanges {
  read(request: SeriesRangeRequest): SeriesRangeJob;
  /** Files below this many bytes are read on one thread (default {@link RANGE_MIN_BYTES}). */
  minBytes?: number;
}

const LF = 10;

/**
 * Reads bytes `from` to `to` of a file given as `pieces` (a pass starting at `from`), from the first
 * line feed at or after `from`, into columns by the plan, numbering its lines from 1. Any failure
 * (a cell that is not a number, bytes that are not UTF-8, a quote that never closes, a file that is
 * shorter or has no line end there) gives `ok: false`: the thread that reads the first half then
 * reads this range too, so a message always names the file's own line.
 */
export async function readSeriesRange(
  pieces: AsyncIterable<Uint8Array>,
  request: SeriesRangeRequest,
): Promise<SeriesRangeResult> {
  const { from, to, inspection, plan } = request;
  try {
    const columns = new SeriesColumns(inspection, plan, expectedRows(to - from, inspection));
    const reader = new ByteRecordReader(inspection, {
      fileName: plan.fileName,
      fields: columns.fields,
      onBytes: columns.onBytes,
      onRecord: columns.onRecord,
      midFile: true,
    });
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
      if (at >= to) break;
    }
    if (split < 0) return { ok: false, reason: 'no line end after the midpoint' };
    if (at !== to) return { ok: false, reason: `the file ended at ${at}, not ${to}` };
    reader.end();
    const values = columns.reads.map((r) => r.values.values());
    const { rows, offsets, length } = columns.lines;
    return {
      ok: true,
      split,
      hash: hash.value(),
      columns: values,
      lines: { rows, offsets, length },
    };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/** True when `bytes` is read on two threads (a source the host reads too, at least `minBytes`). */
export function readsInTwo(bytes: ByteSource, ranges: SeriesRanges | undefined): boolean {
  return ranges !== undefined && bytes.size >= (ranges.minBytes ?? RANGE_MIN_BYTES);
}

/** Where this thread handed the rest to the other: the split's file offset and the line it starts on, and the hash of the bytes after it as this pass read them. */
interface Handover {
  split: number;
  firstLine: number;
  rest: Xxh32;
}

/**
 * Reads `source` into `columns`: this thread the first half and then only hashes the rest (a whole
 * pass, so the source's fingerprint covers every byte), the host's thread the rest, joined in
 * order. When the split lands inside a record (a quoted line break across it, the header) this
 * thread reads on as one reader; when the other thread fails it reads the rest in a second pass.
 * @throws DatasetError as streamByteRecords; ('format') when the other thread read other bytes
 *   than this pass (the file changed while it was read).
 */
export async function readSeriesInTwo(
  source: ByteSource,
  inspection: Inspection,
  options: { columns: SeriesColumns; plan: SeriesColumnsPlan; ranges: SeriesRanges },
): Promise<void> {
  const { columns, plan, ranges } = options;
  const mid = Math.floor(source.size / 2);
  const job = ranges.read({ from: mid, to: source.size, inspection, plan });
  const reader = new ByteRecordReader(inspection, {
    fileName: plan.fileName,
    fields: columns.fields,
    onBytes: columns.onBytes,
    onRecord: columns.onRecord,
  });
  let handover: Handover | null = null;
  try {
    handover = await firstHalf(source, reader, mid);
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
    if (result.hash !== handover.rest.value()) throw changedWhileRead(plan.fileName);
    columns.append(result.columns, result.lines, handover.firstLine);
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
): Promise<Handover | null> {
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
