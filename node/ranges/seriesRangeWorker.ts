/** The worker-thread entry that reads the second half of a forecasting file into series columns (core/data/seriesRanges.ts) while the thread that started it reads the first half (dist/cli/seriesRangeWorker.js in the CLI's JavaScript build): started early, it waits for its one request. */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PIECE_BYTES } from '../../core/data/byteSource.ts';
import {
  readSeriesRange,
  type SeriesRangeRequest,
  type SeriesRangeResult,
} from '../../core/data/seriesRanges.ts';

/** Reads `request`'s range of the file at `path`. */
function readRange(path: string, request: SeriesRangeRequest): Promise<SeriesRangeResult> {
  // NOTE: a read that fails (the file gone, unreadable) ends the pass with an error, which
  // readSeriesRange turns into `ok: false`: the first thread then reads the range and words it.
  const pieces = createReadStream(path, {
    start: request.from,
    end: request.to - 1,
    highWaterMark: PIECE_BYTES,
  });
  return readSeriesRange(pieces, request);
}

const { path } = workerData as { path: string };
parentPort?.once('message', async (request: SeriesRangeRequest) => {
  const result = await readRange(path, request);
  const transfer = result.ok ? result.columns.map((c) => c.buffer as ArrayBuffer) : [];
  parentPort?.postMessage(result, transfer);
});
