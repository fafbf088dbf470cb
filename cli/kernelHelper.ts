/** The worker-thread entry of the wasm kernels' helper for the CLI: runs the second thread's kernel loop on the shared memory it is handed (dist/cli/kernelHelper.js in the JavaScript build). */
import { workerData } from 'node:worker_threads';
import { type KernelHelperInit, runKernelHelper } from '../core/kernels/wasm/helperLoop.ts';

// Blocks this thread in Atomics.wait between jobs until the kernels instance quits it.
runKernelHelper(workerData as KernelHelperInit);
