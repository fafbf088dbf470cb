/** The Electron utility-process entry: adapts `process.parentPort` and MessagePortMain to the trainer runtime. */
import { Worker } from 'node:worker_threads';
import type { MessagePortMain } from 'electron';
import { getBackend, setBackend } from '../../core/kernels/backend.ts';
import {
  backendThreads,
  createThreadedWasmBackend,
  createWasmBackend,
  type KernelHelperInit,
} from '../../core/kernels/wasm/index.ts';
import type { FileHandle } from '../../core/protocol/messages.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import { TrainingService } from '../../core/train/service.ts';
import { setProcessTrainingService } from '../../core/train/trainerEndpoint.ts';
import { nodeImageDecoder } from '../../node/images/nodeImageDecoder.ts';
import { nodeSeriesRanges } from '../../node/ranges/seriesRanges.ts';
import { openFileHandle, openFolderHandles, readFileStreamed } from './fileSource.ts';
import { type RuntimePort, runTrainer } from './trainerRuntime.ts';

function adaptPort(port: MessagePortMain): RuntimePort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', (event) => listener(event.data)),
    onClose: (listener) => port.on('close', listener),
    start: () => port.start(),
  };
}

const parentPort = process.parentPort;

// Runs report their peak resident memory (progress and finished events); a data file above the
// desktop limit is refused from its size before it is read (core/train/trainingFile.ts).
setProcessTrainingService(
  () =>
    new TrainingService({
      tasks: taskDefinition,
      memoryBytes: () => process.memoryUsage.rss(),
      fileLimit: 'desktop',
      // Caption runs decode JPEG and PNG with jpeg-js/pngjs, as the CLI does.
      imageDecoder: nodeImageDecoder,
    }),
);

/**
 * Starts the kernels' helper thread: a worker thread on the bundled entry beside this one
 * (out/main/kernelHelper.js, electron.vite.config.ts), unref'd so it never keeps the process up.
 * If it fails to start, the kernels never see it ready and stay on one thread.
 */
// NOTE: Electron reads worker scripts from inside app.asar since electron/electron#33216 (2022), so
// the packaged app needs no asarUnpack for kernelHelper.js.
function spawnKernelHelper(init: KernelHelperInit): void {
  const worker = new Worker(new URL('./kernelHelper.js', import.meta.url), { workerData: init });
  worker.on('error', (err) => {
    console.error(`trainer: kernel helper thread failed, training on one thread: ${err.message}`);
  });
  worker.unref();
}

// The trainer computes on the WebAssembly SIMD kernels unless RNN_STUDIO_BACKEND=js asks for the
// TypeScript reference (a utility process may compile synchronously), on two threads unless
// RNN_STUDIO_THREADS=1; without SharedArrayBuffer the threaded backend falls back to one thread.
if (process.env.RNN_STUDIO_BACKEND !== 'js') {
  setBackend(
    process.env.RNN_STUDIO_THREADS === '1'
      ? createWasmBackend()
      : createThreadedWasmBackend(spawnKernelHelper),
  );
}

/**
 * Opens a data file as a handle core reads in slices, with a second thread that reads a big
 * forecast or classify file's second half (out/main/seriesRangeWorker.js beside this entry), unless
 * RNN_STUDIO_THREADS=1.
 */
async function dataFileHandle(path: string): Promise<FileHandle> {
  const handle = await openFileHandle(path);
  if (process.env.RNN_STUDIO_THREADS === '1') return handle;
  const entry = new URL('./seriesRangeWorker.js', import.meta.url);
  return { ...handle, seriesRanges: nodeSeriesRanges(path, { entry }) };
}

runTrainer({
  host: 'electron-utility',
  pid: process.pid,
  readFile: readFileStreamed,
  openFile: dataFileHandle,
  openFolder: openFolderHandles,
  kernels: () => ({ backend: getBackend().name, threads: backendThreads(getBackend()) }),
  parent: {
    onMessage: (listener) =>
      parentPort.on('message', (event) => listener(event.data, event.ports.map(adaptPort))),
    postMessage: (message) => parentPort.postMessage(message),
    exit: (code) => process.exit(code),
  },
});
