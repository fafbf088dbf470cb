/** The helper thread's side of the two-thread kernels: its loop over posted jobs and the control block's layout, apart from the kernels' bytes, so a helper thread loads a few kilobytes (the CLI, the utility process and the web worker start it from this module). */
import type { KernelExports } from './wasmKernels.ts';

/** The WebAssembly member the helper needs (core's lib has no DOM or Node types). */
interface WasmInstanceNamespace {
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** What the host hands to the helper thread (all structured-cloneable; memory and control are shared). */
export interface KernelHelperInit {
  /** The compiled shared-memory kernels (a WebAssembly.Module). */
  module: object;
  /** The shared WebAssembly.Memory both instances use. */
  memory: object;
  /** The control block (see CONTROL_*). */
  control: SharedArrayBuffer;
}

/** Starts a helper thread that calls runKernelHelper(init) (a Node worker_threads Worker, a Web Worker). */
export type SpawnKernelHelper = (init: KernelHelperInit) => void;

/** The kernels a helper thread runs, by job code. */
export const HELPER_KERNELS = [
  'gemmRows',
  'gemmBlock',
  'recurrentLayerForward',
  'recurrentLayerBackward',
  'softmaxCrossEntropy',
  'softmaxCrossEntropyBackward',
  'adamStep',
  'linearArgmaxRows',
  'greedyDecodeRows',
  'columnSums',
  'linearArgmaxColumns',
  'softmaxCrossEntropyWithGrad',
  'linearTopLogProbRows',
] as const;
export type HelperKernel = (typeof HELPER_KERNELS)[number];

// Control block: Int32 slots, then the job as float64 from byte 64: [kernel code, argument
// count, ...arguments]; the last float64 slot receives the kernel's return value.
export const STATE = 0;
export const READY = 1;
export const IDLE = 0;
export const POSTED = 1;
export const DONE = 2;
export const QUIT = 3;
export const ARGS_BYTE = 64;
export const MAX_ARGS = 32;
export const RESULT = MAX_ARGS - 1;
function instanceNamespace(): WasmInstanceNamespace {
  const ns = (globalThis as { WebAssembly?: WasmInstanceNamespace }).WebAssembly;
  if (ns === undefined) throw new Error('WebAssembly kernels: this runtime has no WebAssembly.');
  return ns;
}

/**
 * What the shared-memory kernels import: the memory, and the host's Atomics.wait and
 * Atomics.notify on it, by which two threads meeting inside a kernel sleep and wake (the
 * kernels do not use the wasm instructions for these: see assembly/barrier.ts).
 */
export function kernelImports(memory: object): { env: Record<string, unknown> } {
  const shared = memory as { buffer: SharedArrayBuffer };
  let words = new Int32Array(shared.buffer);
  // A view of the memory that covers byte `at` (the memory may have grown since the last one).
  const covering = (at: number): Int32Array => {
    if (at >>> 2 >= words.length) words = new Int32Array(shared.buffer);
    return words;
  };
  return {
    env: {
      memory,
      sleep: (at: number, value: number, ms: number): void => {
        Atomics.wait(covering(at), at >>> 2, value, ms);
      },
      wake: (at: number): void => {
        Atomics.notify(covering(at), at >>> 2, 1);
      },
    },
  };
}

/**
 * The helper thread's body: instantiates the kernels on the shared memory, says it is ready, then
 * runs one row band per posted job (a gemm band, a batch half of a recurrent layer) until told
 * to quit. Blocks its thread (Atomics.wait).
 */
export function runKernelHelper(init: KernelHelperInit): void {
  const ns = instanceNamespace();
  const ex = new ns.Instance(init.module, kernelImports(init.memory)).exports as KernelExports;
  const control = new Int32Array(init.control, 0, ARGS_BYTE / 4);
  const args = new Float64Array(init.control, ARGS_BYTE, MAX_ARGS);
  Atomics.store(control, READY, 1);
  Atomics.notify(control, READY);
  for (;;) {
    let state = Atomics.load(control, STATE);
    while (state !== POSTED && state !== QUIT) {
      Atomics.wait(control, STATE, state);
      state = Atomics.load(control, STATE);
    }
    if (state === QUIT) return;
    const kernel = HELPER_KERNELS[args[0] as number] as HelperKernel;
    const run = ex[kernel] as (...a: number[]) => number | undefined;
    args[RESULT] = run(...Array.from(args.subarray(2, 2 + (args[1] as number)))) ?? 0;
    Atomics.store(control, STATE, DONE);
    Atomics.notify(control, STATE);
  }
}
