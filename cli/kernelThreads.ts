/** Starts the wasm kernels' helper thread as a Node worker thread (CLI, trainer worker, Electron's utility process). */
import { Worker } from 'node:worker_threads';
import type { KernelHelperInit } from '../core/kernels/wasm/index.ts';

/**
 * Spawns a worker that runs runKernelHelper(init) on the shared memory; it is unref'd, so it never
 * keeps the process alive, and it blocks in Atomics.wait between jobs.
 */
export function spawnNodeKernelHelper(init: KernelHelperInit): void {
  const entry = new URL('../core/kernels/wasm/threads.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  // NOTE: as in nodeTrainer.ts, a bootstrap registers tsx's loader inside the worker first.
  const boot = `(async () => {
    const { workerData } = await import('node:worker_threads');
    (await import(${JSON.stringify(tsxApi)})).register();
    const { runKernelHelper } = await import(${JSON.stringify(entry)});
    runKernelHelper(workerData);
  })();`;
  const worker = new Worker(boot, { eval: true, workerData: init });
  worker.on('error', (err) => {
    process.stderr.write(`rnn-studio: kernel helper thread failed: ${err.message}\n`);
  });
  worker.unref();
}
