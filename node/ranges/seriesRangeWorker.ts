/** The worker-thread entry that reads the second half of a forecasting file into series columns (core/data/seriesRanges.ts) while the thread that started it reads the first half (dist/cli/seriesRangeWorker.js in the CLI's JavaScript build). */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PIECE_BYTES } from '../../core/data/byteSource.ts';
import { readSeriesRange, type SeriesRangeRequest } from '../../core/data/seriesRanges.ts';

const { path, request } = workerData as { path: string; request: SeriesRangeRequest };
// NOTE: a read that fails (the file gone, unreadable) ends the pass with an error, which
// readSeriesRange turns into `ok: false`: the first thread then reads the range and words it.
const pieces = createReadStream(path, {
  start: request.from,
  end: request.to - 1,
  highWaterMark: PIECE_BYTES,
});
const result = await readSeriesRange(pieces, request);
const transfer = result.ok ? result.columns.map((c) => c.buffer as ArrayBuffer) : [];
parentPort?.postMessage(result, transfer);
