/** The Node hosts' second thread for reading a big file (core/data/fileHalves.ts): a worker thread that opens the file again and reads its second half — a forecasting file's series (core/data/seriesRanges.ts) or classify's rows (core/tasks/classify/rowRanges.ts) — started early when the host knows it will be asked. */
import { Worker } from 'node:worker_threads';
import type { RangeJob } from '../../core/data/fileHalves.ts';
import type { RowRangeRequest, RowRangeResult } from '../../core/data/rowRanges.ts';
import type { SeriesRangeRequest, SeriesRanges } from '../../core/data/seriesRanges.ts';

/** True when this module runs as TypeScript source (tests, tsx), false in a JavaScript build. */
function runningFromSource(): boolean {
  return import.meta.url.endsWith('.ts');
}

/** The worker, from `entry` (seriesRangeWorker.js in a build), or its source through tsx's loader. */
function startWorker(path: string, entry: URL): Worker {
  const workerData = { path };
  if (!runningFromSource()) return new Worker(entry, { workerData });
  const source = new URL('./seriesRangeWorker.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  // NOTE: as cli/kernelThreads.ts does, a bootstrap registers tsx's loader inside the worker first.
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** A worker started for `path`, waiting for its request, or why none could start. */
type Started = { worker: Worker } | { failed: string };

function start(path: string, entry: URL): Started {
  try {
    const worker = startWorker(path, entry);
    // NOTE: the thread never keeps the process alive (a run that ends early leaves it behind).
    worker.unref();
    return { worker };
  } catch (err) {
    return { failed: `no worker thread: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Hands `request` to the started worker; its answer, or why there is none. */
function readOn<R>(
  started: Started,
  request: SeriesRangeRequest | RowRangeRequest,
): RangeJob<R | { ok: false; reason: string }> {
  if ('failed' in started) {
    return { result: Promise.resolve({ ok: false, reason: started.failed }), cancel: () => {} };
  }
  const { worker } = started;
  const result = new Promise<R | { ok: false; reason: string }>((resolve) => {
    worker.once('message', (message: R) => resolve(message));
    worker.once('error', (err) => resolve({ ok: false, reason: err.message }));
    worker.once('exit', (code) => resolve({ ok: false, reason: `the thread exited (${code})` }));
  });
  worker.postMessage(request);
  return {
    result,
    cancel: () => {
      void worker.terminate();
    },
  };
}

/**
 * The second thread for the data file at `path` (the one the run's byte source reads): a worker
 * for each read (series or rows), the first started now when `early` (its start then overlaps the inspection;
 * unused, it is let go with the process).
 * @param options.entry the worker's script in a JavaScript build, beside the host's entry (default:
 *   seriesRangeWorker.js beside this module, as in the CLI's one flat folder)
 */
export function nodeSeriesRanges(
  path: string,
  options: { early?: boolean; entry?: URL } = {},
): SeriesRanges {
  const entry = options.entry ?? new URL('./seriesRangeWorker.js', import.meta.url);
  let waiting: Started | null = options.early === true ? start(path, entry) : null;
  const next = (): Started => {
    const started = waiting ?? start(path, entry);
    waiting = null;
    return started;
  };
  return {
    read: (request) => readOn(next(), request),
    readRows: (request): RangeJob<RowRangeResult> => readOn(next(), request),
  };
}
