/** A forecasting series read from a big file on two threads: the host's second thread reads the file's second half (from the first line end past the midpoint) into columns of its own while this one reads the first half and hashes the rest, and the halves are joined in order — the same columns, lines and messages as one reader, which takes over wherever the split is not safe. */

import { ByteRecordReader } from './byteRecords.ts';
import type { ByteSource } from './byteSource.ts';
import { type RangeJob, type RangeOutcome, readInTwo, readRange } from './fileHalves.ts';
import type { Inspection } from './inspect.ts';
import type { RowRangeRequest, RowRangeResult } from './rowRanges.ts';
import {
  expectedRows,
  type RangeLines,
  SeriesColumns,
  type SeriesColumnsPlan,
} from './seriesColumns.ts';

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

/** What it gives back: its columns in the plan's order (with where it started and the hash of what it read), or why it did not (structured-clone data). */
export type SeriesRangeResult = RangeOutcome<{
  columns: (Float64Array | Float32Array)[];
  lines: RangeLines;
}>;

/** A range read under way on another thread; `cancel` ends it (its result is then not awaited). */
export type SeriesRangeJob = RangeJob<SeriesRangeResult>;

/**
 * The host's second thread (the CLI's worker thread): starts reading a range of the file it opened
 * (a file this source reads) and settles with the result, never rejecting for a failure of the read
 * itself (`ok: false`: the caller reads the range instead, with its own messages) — a forecasting
 * file's series columns, or classify's rows (core/tasks/classify/rowRanges.ts).
 */
export interface SeriesRanges {
  read(request: SeriesRangeRequest): SeriesRangeJob;
  /** Classify's rows of a range: their token ids, labels and counts (absent: one thread reads them). */
  readRows?(request: RowRangeRequest): RangeJob<RowRangeResult>;
  /**
   * Files below this many bytes are read on one thread (default {@link RANGE_MIN_BYTES}, and
   * ROW_RANGE_MIN_BYTES for classify's rows).
   */
  minBytes?: number;
}

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
    const read = await readRange(pieces, { from, to }, reader);
    if (!read.ok) return read;
    const values = columns.reads.map((r) => r.values.values());
    const { rows, offsets, length } = columns.lines;
    return { ...read, columns: values, lines: { rows, offsets, length } };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/** True when `bytes` is read on two threads (a source the host reads too, at least `minBytes`). */
export function readsInTwo(
  bytes: ByteSource,
  ranges: SeriesRanges | undefined,
  minBytes = RANGE_MIN_BYTES,
): boolean {
  return ranges !== undefined && bytes.size >= (ranges.minBytes ?? minBytes);
}

/**
 * Reads `source` into `columns`: this thread the first half and then only hashes the rest, the
 * host's thread the rest, joined in order (core/data/fileHalves.ts: one reader takes over where the
 * split is not safe or the other thread fails).
 * @throws DatasetError as streamByteRecords; ('format') when the other thread read other bytes
 *   than this pass (the file changed while it was read).
 */
export async function readSeriesInTwo(
  source: ByteSource,
  inspection: Inspection,
  options: { columns: SeriesColumns; plan: SeriesColumnsPlan; ranges: SeriesRanges },
): Promise<void> {
  const { columns, plan, ranges } = options;
  const reader = new ByteRecordReader(inspection, {
    fileName: plan.fileName,
    fields: columns.fields,
    onBytes: columns.onBytes,
    onRecord: columns.onRecord,
  });
  await readInTwo(source, reader, {
    fileName: plan.fileName,
    start: (mid) => ranges.read({ from: mid, to: source.size, inspection, plan }),
    join: (result, handover) => columns.append(result.columns, result.lines, handover.firstLine),
  });
}
