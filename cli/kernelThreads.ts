/** Starts the wasm kernels' helper thread as a Node worker thread (CLI, trainer worker, Electron's utility process). */
import { Worker } from 'node:worker_threads';
import type { KernelHelperInit } from '../core/kernels/wasm/index.ts';

/** True when this module runs as TypeScript source (tests, tsx), false in the dist/cli/ build. */
function runningFromSource(): boolean {
  return import.meta.url.endsWith('.ts');
}

/** A worker running the TypeScript module `entry` through tsx's loader (the source tree has no JavaScript). */
export function sourceWorker(entry: URL, workerData: unknown): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  // NOTE: as in nodeTrainer.ts, a bootstrap registers tsx's loader inside the worker first.
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * Spawns a worker that runs runKernelHelper(init) on the shared memory; it is unref'd, so it never
 * keeps the process alive, and it blocks in Atomics.wait between jobs. The JavaScript build starts
 * kernelHelper.js from beside the bundle (build/scripts/buildCli.mjs emits both).
 */
export function spawnNodeKernelHelper(init: KernelHelperInit): void {
  const worker = runningFromSource()
    ? sourceWorker(new URL('./kernelHelper.ts', import.meta.url), init)
    : new Worker(new URL('./kernelHelper.js', import.meta.url), { workerData: init });
  worker.on('error', (err) => {
    process.stderr.write(`rnn-studio: kernel helper thread failed: ${err.message}\n`);
  });
  worker.unref();
}
