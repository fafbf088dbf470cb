/** The kernels' helper thread for liftoffGreedy.ts: the real helper loop, starting every job 5 ms late, so the main thread sleeps in that step's first meeting. */
import { workerData } from 'node:worker_threads';
import { type KernelHelperInit, runKernelHelper } from '../../core/kernels/wasm/helperLoop.ts';

const LATE_MS = 5;
const pause = new Int32Array(new SharedArrayBuffer(4));
const Plain = WebAssembly.Instance;
// The helper instantiates through globalThis.WebAssembly: its exports are wrapped with the delay.
(WebAssembly as unknown as { Instance: unknown }).Instance = function LateInstance(
  module: WebAssembly.Module,
  imports: WebAssembly.Imports,
) {
  const exports = new Plain(module, imports).exports as Record<string, unknown>;
  const late: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(exports)) {
    late[name] =
      typeof value === 'function'
        ? (...args: number[]) => {
            Atomics.wait(pause, 0, 0, LATE_MS);
            return (value as (...a: number[]) => unknown)(...args);
          }
        : value;
  }
  return { exports: late };
};
runKernelHelper(workerData as KernelHelperInit);
