/** The WebAssembly SIMD backend: the kernels instance behind core's Backend interface, loaded synchronously or asynchronously. */
import type { Backend } from '../api/backend.ts';
import { adamStepJs } from '../js/adam.ts';
import { embeddingGatherJs, embeddingScatterAddJs } from '../js/embedding.ts';
import { imageKernelsJs } from '../js/imageKernels.ts';
import { tensorKernelsJs } from '../js/tensorKernels.ts';
import {
  wasmLinearCrossEntropyLoss,
  wasmLinearCrossEntropyWithGrad,
  wasmSoftmaxCrossEntropy,
  wasmSoftmaxCrossEntropyBackward,
  wasmSoftmaxCrossEntropyWithGrad,
} from './crossEntropy.ts';
import { type LoadWasmOptions, loadWasmKernels, loadWasmKernelsSync } from './load.ts';
import {
  wasmPrepareGreedyDecoder,
  wasmPrepareLinear,
  wasmPrepareRecurrentStep,
} from './prepared.ts';
import { wasmRecurrentBackward, wasmRecurrentForward } from './recurrent.ts';
import { instantiateThreaded, type SpawnKernelHelper } from './threads.ts';
import { wasmUnary } from './unary.ts';
import { WasmKernels } from './wasmKernels.ts';

export {
  type SoftmaxCrossEntropyOptions,
  type SoftmaxCrossEntropyResult,
  wasmSoftmaxCrossEntropy,
  wasmSoftmaxCrossEntropyBackward,
} from './crossEntropy.ts';
export { type LoadWasmOptions, loadWasmKernels, loadWasmKernelsSync } from './load.ts';
export { wasmRecurrentBackward, wasmRecurrentForward } from './recurrent.ts';
export {
  // NOTE: the class too, for tools that time its hand-offs (bench/stepTimes.ts).
  KernelHelper,
  type KernelHelperInit,
  runKernelHelper,
  type SpawnKernelHelper,
} from './threads.ts';
export {
  type Operand,
  type PackedMatrix,
  WasmBuffer,
  type WasmGemmOptions,
} from './wasmBuffer.ts';
export {
  type AdamStepOptions,
  WasmKernels,
  type WasmVariant,
} from './wasmKernels.ts';

/** The Backend over a kernels instance; `kernels` gives the resident-buffer API (arena, packB) besides. */
export interface WasmBackend extends Backend {
  readonly name: 'wasm';
  readonly kernels: WasmKernels;
}

/** Wraps an already loaded kernels instance as a Backend implementing every kernel. */
export function wasmBackendFrom(kernels: WasmKernels): WasmBackend {
  return {
    // NOTE: the tensor layer's elementwise, reduction, layout and dropout kernels are the
    // TypeScript ones: each reads and writes every value once, so copying the operands into wasm
    // memory and the result out would cost as much as the loop itself. tanh is the exception
    // (wasmUnary): Math.tanh costs ~20 times the copies.
    // NOTE: the image kernels (im2col, pooling, batch normalisation) are the TypeScript ones for
    // now; a convolution's time is in its gemm, which is the wasm one.
    ...imageKernelsJs,
    ...tensorKernelsJs,
    unary: wasmUnary(kernels),
    name: 'wasm',
    kernels,
    gemm: (o) => kernels.gemm(o),
    // NOTE: AMSGrad (rare; not in any workload) has no wasm kernel and runs the TypeScript one.
    adamStep: (o) => ((o.maxExpAvgSq ?? null) === null ? kernels.adamStep(o) : adamStepJs(o)),
    stateArray: (length) => kernels.stateArray(length),
    // NOTE: embedding rows are gathered and scatter-added by the TypeScript kernels: both are
    // memory moves of ids·dim values, while a wasm kernel would first copy the whole table in and
    // out of wasm memory (W4's greedy decoding gathers 64 rows of a 3000-row table per step). One
    // would pay once tables are resident.
    embeddingGather: (table, dim, ids, out) => embeddingGatherJs(table, dim, ids, out),
    embeddingScatterAdd: (grad, dim, ids, gradOut, options) =>
      embeddingScatterAddJs(grad, dim, ids, gradOut, options),
    softmaxCrossEntropy: (o) => wasmSoftmaxCrossEntropy(kernels, o),
    softmaxCrossEntropyBackward: (o) => wasmSoftmaxCrossEntropyBackward(kernels, o),
    softmaxCrossEntropyWithGrad: (o) => wasmSoftmaxCrossEntropyWithGrad(kernels, o),
    linearBackward: (o) => kernels.linearBackward(o),
    linearCrossEntropyWithGrad: (o) => wasmLinearCrossEntropyWithGrad(kernels, o),
    linearCrossEntropyLoss: (o) => wasmLinearCrossEntropyLoss(kernels, o),
    recurrentForward: (cell, o) => wasmRecurrentForward(kernels, cell, o),
    recurrentBackward: (cell, cache, g) => wasmRecurrentBackward(kernels, cell, cache, g),
    prepareLinear: (o) => wasmPrepareLinear(kernels, o),
    prepareRecurrentStep: (cell, o) => wasmPrepareRecurrentStep(kernels, cell, o),
    prepareGreedyDecoder: (o) => wasmPrepareGreedyDecoder(kernels, o),
  };
}

/** Threads a backend's kernels run on now: a wasm backend's (2 once its helper is ready), else 1. */
export function backendThreads(backend: Backend): number {
  return 'kernels' in backend ? (backend as WasmBackend).kernels.threads : 1;
}

/**
 * The wasm backend, compiled synchronously (Node, workers, Electron's utility process).
 * @throws Error when the runtime lacks WebAssembly SIMD.
 */
export function createWasmBackend(options: LoadWasmOptions = {}): WasmBackend {
  return wasmBackendFrom(loadWasmKernelsSync(options));
}

/** The wasm backend, compiled asynchronously (any host, including a page's main thread). */
export async function initWasmBackend(options: LoadWasmOptions = {}): Promise<WasmBackend> {
  return wasmBackendFrom(await loadWasmKernels(options));
}

/**
 * The wasm backend on two threads: the kernels run on a shared memory and a helper thread, started
 * by the host's `spawn` (it must call runKernelHelper with what it is given), takes one row band
 * of every large gemm. Falls back to one thread when the runtime has no SharedArrayBuffer or
 * shared WebAssembly memory; until the helper is ready, everything runs on this thread.
 * @throws Error when the runtime lacks WebAssembly SIMD.
 */
export function createThreadedWasmBackend(
  spawn: SpawnKernelHelper,
  options: LoadWasmOptions = {},
): WasmBackend {
  const threaded = instantiateThreaded(spawn, options);
  if (threaded === null) return createWasmBackend(options);
  return wasmBackendFrom(new WasmKernels(threaded.exports, threaded.variant, threaded.helper));
}
