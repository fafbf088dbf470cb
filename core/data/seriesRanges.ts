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
 * Files smaller than this are read on one thread: below it a thread's start costs more than half
 * the read saves (docs/benchmarks.md, "Big files").
 */
export const RANGE_MIN_BYTES = 16 * 1024 * 1024;

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

/**
 * Reads `source` into `columns`: this thread the first half (a whole pass, so the source's
 * fingerprint covers every byte), the host's thread the rest, joined in order. When the split lands
 * inside a record (a quoted line break across it, the header), or the other thread fails, this
 * thread reads the rest itself, as one reader would.
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
  const seen = { bom: 0 };
  /** File offset of the next piece's first byte. */
  let at = -1;
  /** Set once the rest is the other thread's: the hash of the bytes it read. */
  let rest: Xxh32 | null = null;
  let joined: { result: Extract<SeriesRangeResult, { ok: true }>; firstLine: number } | null = null;
  let settled = false;
  try {
    for await (const raw of withoutBom(source.pieces(), seen)) {
      const piece = new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
      if (at < 0) at = seen.bom;
      const start = at;
      at += piece.length;
      if (rest !== null) {
        rest.update(piece);
        continue;
      }
      if (settled || at <= mid) {
        reader.push(piece);
        continue;
      }
      const lf = piece.indexOf(LF, Math.max(0, mid - start));
      if (lf < 0) {
        reader.push(piece);
        continue;
      }
      // NOTE: from here on the split is decided: the other thread's rows, or this thread's.
      settled = true;
      reader.push(piece.subarray(0, lf + 1));
      const firstLine = reader.boundary();
      const result = firstLine < 0 ? null : await job.result;
      if (result?.ok === true && result.split === start + lf + 1) {
        joined = { result, firstLine };
        rest = new Xxh32().update(piece.subarray(lf + 1));
      } else {
        job.cancel();
        reader.push(piece.subarray(lf + 1));
      }
    }
  } finally {
    if (!settled) job.cancel();
  }
  if (joined === null || rest === null) {
    reader.end();
    return;
  }
  if (rest.value() !== joined.result.hash || at !== source.size) {
    throw changedWhileRead(plan.fileName);
  }
  columns.append(joined.result.columns, joined.result.lines, joined.firstLine);
}
