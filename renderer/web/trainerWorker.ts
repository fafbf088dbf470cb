/** The Web Worker entry of web mode: the host-agnostic trainer endpoint on the worker's message port. */
import { getBackend, setBackend } from '../../core/kernels/backend.ts';
import {
  backendThreads,
  createThreadedWasmBackend,
  type KernelHelperInit,
} from '../../core/kernels/wasm/index.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import { TrainingService } from '../../core/train/service.ts';
import {
  createTrainerEndpoint,
  setProcessTrainingService,
} from '../../core/train/trainerEndpoint.ts';
import { canvasImageDecoder } from './canvasImageDecoder.ts';

// NOTE: the renderer's tsconfig has the DOM lib, not WebWorker (they conflict in one program),
// so the worker scope is described by the two members used here.
const scope = self as unknown as {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
};

/**
 * Starts the kernels' helper thread as a nested Web Worker (kernelHelperWorker.ts) and hands it
 * the module, the shared memory and the control block. If it never starts, the kernels never see
 * it ready and stay on this thread.
 */
function spawnKernelHelper(init: KernelHelperInit): void {
  const worker = new Worker(new URL('./kernelHelperWorker.ts', import.meta.url), {
    type: 'module',
    name: 'kernel-helper',
  });
  worker.addEventListener('error', (event) => {
    console.warn('web trainer: kernel helper worker failed, training on one thread.', event);
  });
  worker.postMessage(init);
}

// The WebAssembly SIMD kernels (a worker may compile synchronously, so no message can arrive
// before they are installed), on two threads when the page is cross-origin isolated (shared
// memory; createThreadedWasmBackend falls back to one thread without SharedArrayBuffer); a
// browser without SIMD keeps the TypeScript kernels.
try {
  setBackend(createThreadedWasmBackend(spawnKernelHelper));
} catch (err) {
  console.warn(
    'web trainer: WebAssembly SIMD kernels unavailable, using the TypeScript ones.',
    err,
  );
}

// NOTE: Chromium 156 gives neither performance.memory nor performance.measureUserAgentSpecificMemory()
// to this worker (windows only), so the worker reports its peak as unknown (null) and the page
// measures the tab's memory during a run and fills it in (webStudio.ts, pagePeakMemory.ts).
// Another browser that has performance.memory here reports the JS heap itself.
const heap = (performance as { memory?: { usedJSHeapSize?: number } }).memory;
setProcessTrainingService(
  () =>
    new TrainingService({
      tasks: taskDefinition,
      memoryBytes: () => heap?.usedJSHeapSize ?? null,
      // The renderer posts the File itself; the worker checks its size, then reads it in slices.
      fileLimit: 'browser',
      // Caption runs: the page posts the folder's File handles (or the zip); images are decoded
      // here with createImageBitmap + OffscreenCanvas, one at a time.
      imageDecoder: canvasImageDecoder,
    }),
);

const endpoint = createTrainerEndpoint({
  host: 'web-worker',
  kernels: () => ({ backend: getBackend().name, threads: backendThreads(getBackend()) }),
  post: (message) => scope.postMessage(message),
});

scope.addEventListener('message', (event) => {
  // `npm run bench:app` times W1–W4 here, on these kernels; its code loads on its first request.
  if ((event.data as { type?: unknown } | null)?.type === 'bench-workload') {
    void import('../../bench/workerBench.ts').then((bench) =>
      bench.answerBenchRequest(event.data, (reply) => scope.postMessage(reply)),
    );
    return;
  }
  // The endpoint never throws: every failure is posted back as an `error` message.
  void endpoint(event.data);
});
