/** The Node hosts' second thread for reading a big forecasting file (core/data/seriesRanges.ts): a worker thread that opens the file again and reads its second half. */
import { Worker } from 'node:worker_threads';
import type {
  SeriesRangeJob,
  SeriesRangeRequest,
  SeriesRangeResult,
  SeriesRanges,
} from '../../core/data/seriesRanges.ts';

/** True when this module runs as TypeScript source (tests, tsx), false in a JavaScript build. */
function runningFromSource(): boolean {
  return import.meta.url.endsWith('.ts');
}

/** The worker, from seriesRangeWorker.js beside the build, or its source through tsx's loader. */
function startWorker(workerData: { path: string; request: SeriesRangeRequest }): Worker {
  if (!runningFromSource()) {
    return new Worker(new URL('./seriesRangeWorker.js', import.meta.url), { workerData });
  }
  const entry = new URL('./seriesRangeWorker.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  // NOTE: as cli/kernelThreads.ts does, a bootstrap registers tsx's loader inside the worker first.
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** Starts reading `request`'s range of `path` on a new worker thread. */
function readRange(path: string, request: SeriesRangeRequest): SeriesRangeJob {
  let worker: Worker;
  try {
    worker = startWorker({ path, request });
  } catch (err) {
    const reason = `no worker thread: ${err instanceof Error ? err.message : String(err)}`;
    return { result: Promise.resolve({ ok: false, reason }), cancel: () => undefined };
  }
  // NOTE: the thread never keeps the process alive (a run that ends early leaves it behind).
  worker.unref();
  const result = new Promise<SeriesRangeResult>((resolve) => {
    worker.once('message', (message: SeriesRangeResult) => resolve(message));
    worker.once('error', (err) => resolve({ ok: false, reason: err.message }));
    worker.once('exit', (code) => resolve({ ok: false, reason: `the thread exited (${code})` }));
  });
  return {
    result,
    cancel: () => {
      void worker.terminate();
    },
  };
}

/** The second thread for the data file at `path` (the one the run's byte source reads). */
export function nodeSeriesRanges(path: string): SeriesRanges {
  return { read: (request) => readRange(path, request) };
}
