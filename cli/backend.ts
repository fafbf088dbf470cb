/** Kernel backend selection for the Node hosts (CLI commands and the trainer worker): RNN_STUDIO_BACKEND=js|wasm (default wasm), RNN_STUDIO_THREADS=1|2 (default 2). */
import { type Backend, setBackend } from '../core/kernels/backend.ts';
import { jsBackend } from '../core/kernels/js/index.ts';
import { createThreadedWasmBackend, createWasmBackend } from '../core/kernels/wasm/index.ts';
import { UsageError } from './args.ts';
import { spawnNodeKernelHelper } from './kernelThreads.ts';

/** The backends a host can choose. */
export type BackendName = Backend['name'];

/**
 * Threads the wasm kernels use: `option` (a command-line value), else RNN_STUDIO_THREADS, else 2.
 * @throws UsageError when the value is neither 1 nor 2.
 */
export function chooseThreads(option?: string | true): 1 | 2 {
  const fromEnv = process.env.RNN_STUDIO_THREADS;
  const value = option ?? (fromEnv === undefined || fromEnv === '' ? '2' : fromEnv);
  if (value === '1') return 1;
  if (value === '2') return 2;
  const where = option === undefined ? 'RNN_STUDIO_THREADS' : "Option '--threads'";
  throw new UsageError(`${where} must be 1 or 2, got '${String(value)}'.`);
}

/**
 * The backend named by `option` (a command-line value), else RNN_STUDIO_BACKEND, else wasm; the
 * wasm backend gets a helper thread (large gemms split in two row bands) unless `threads` is 1.
 * @throws UsageError naming the option or the variable when the name is neither js nor wasm.
 */
export function chooseBackend(option?: string | true, threads: 1 | 2 = chooseThreads()): Backend {
  const fromEnv = process.env.RNN_STUDIO_BACKEND;
  const name = option ?? (fromEnv === undefined || fromEnv === '' ? 'wasm' : fromEnv);
  if (name === 'js') return jsBackend;
  if (name === 'wasm') {
    return threads === 2 ? createThreadedWasmBackend(spawnNodeKernelHelper) : createWasmBackend();
  }
  const where = option === undefined ? 'RNN_STUDIO_BACKEND' : "Option '--backend'";
  throw new UsageError(`${where} must be 'js' or 'wasm', got '${String(name)}'.`);
}

/**
 * Installs the backend chooseBackend picks for every op of this thread and returns it.
 * @throws UsageError for an unknown backend name.
 */
export function installBackend(option?: string | true): Backend {
  const backend = chooseBackend(option);
  setBackend(backend);
  return backend;
}
