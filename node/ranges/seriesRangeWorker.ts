/** The worker-thread entry that reads the second half of a big file while the thread that started it reads the first half — a forecasting file's series columns (core/data/seriesRanges.ts) or classify's rows (core/tasks/classify/rowRanges.ts) — (dist/cli/seriesRangeWorker.js in the CLI's JavaScript build): started early, it waits for its one request. */
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { PIECE_BYTES } from '../../core/data/byteSource.ts';
import type { RowRangeRequest, RowRangeResult } from '../../core/data/rowRanges.ts';
import {
  readSeriesRange,
  type SeriesRangeRequest,
  type SeriesRangeResult,
} from '../../core/data/seriesRanges.ts';
import { readRowRange } from '../../core/tasks/classify/rowRanges.ts';
import { handlePieces } from '../filePieces.ts';

/** Bytes `from` to `to` of the file at `path` in pieces of up to PIECE_BYTES read into one buffer (the readers copy what they keep of a piece before asking for the next). */
async function* rangePieces(path: string, from: number, to: number): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    yield* handlePieces(handle, from, to, PIECE_BYTES);
  } finally {
    await handle.close();
  }
}

/** Reads `request`'s range of the file at `path`. */
function readRange(
  path: string,
  request: SeriesRangeRequest | RowRangeRequest,
): Promise<SeriesRangeResult | RowRangeResult> {
  // NOTE: a read that fails (the file gone, unreadable) ends the pass with an error, which
  // readSeriesRange turns into `ok: false`: the first thread then reads the range and words it.
  const pieces = rangePieces(path, request.from, request.to);
  return 'kind' in request ? readRowRange(pieces, request) : readSeriesRange(pieces, request);
}

/** The buffers a result hands over rather than copies. */
function transferred(result: SeriesRangeResult | RowRangeResult): ArrayBuffer[] {
  if (!result.ok) return [];
  if ('columns' in result) return result.columns.map((c) => c.buffer as ArrayBuffer);
  return [result.ids.buffer, result.lengths.buffer, result.labelOf.buffer] as ArrayBuffer[];
}

const { path } = workerData as { path: string };
parentPort?.once('message', async (request: SeriesRangeRequest | RowRangeRequest) => {
  const result = await readRange(path, request);
  parentPort?.postMessage(result, transferred(result));
});
