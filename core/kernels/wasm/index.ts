/** The WebAssembly SIMD backend: the kernels instance behind core's Backend interface, loaded synchronously or asynchronously. */
import type { Backend } from '../backend.ts';
import type {
  CellType,
  LayerBackwardOptions,
  LayerCache,
  LayerForwardOptions,
  LayerForwardResult,
  LayerGrads,
} from '../recurrent/index.ts';
import {
  type SoftmaxCrossEntropyOptions,
  type SoftmaxCrossEntropyResult,
  wasmSoftmaxCrossEntropy,
  wasmSoftmaxCrossEntropyBackward,
} from './crossEntropy.ts';
import { type LoadWasmOptions, loadWasmKernels, loadWasmKernelsSync } from './load.ts';
import { wasmRecurrentBackward, wasmRecurrentForward } from './recurrent.ts';
import type { AdamStepOptions, UnaryOp, WasmKernels } from './wasmKernels.ts';

export {
  type SoftmaxCrossEntropyOptions,
  type SoftmaxCrossEntropyResult,
  wasmSoftmaxCrossEntropy,
  wasmSoftmaxCrossEntropyBackward,
} from './crossEntropy.ts';
export { type LoadWasmOptions, loadWasmKernels, loadWasmKernelsSync } from './load.ts';
export { wasmRecurrentBackward, wasmRecurrentForward } from './recurrent.ts';
export {
  type Operand,
  type PackedMatrix,
  WasmBuffer,
  type WasmGemmOptions,
} from './wasmBuffer.ts';
export {
  type AdamStepOptions,
  type UnaryOp,
  WasmKernels,
  type WasmVariant,
} from './wasmKernels.ts';

/**
 * A Backend over a kernels instance, with the methods the Backend interface is proposed to gain
 * (docs/benchmarks.md): activations, Adam, embeddings, softmax cross-entropy and the fused
 * recurrent layer, each with the contract of its TypeScript counterpart.
 */
export interface WasmBackend extends Backend {
  readonly name: 'wasm';
  readonly kernels: WasmKernels;
  unary(op: UnaryOp, x: Float32Array, y: Float32Array): void;
  unaryBackward(op: UnaryOp, y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  adamStep(o: AdamStepOptions): void;
  embeddingGather(table: Float32Array, dim: number, ids: Int32Array, out: Float32Array): void;
  embeddingScatterAdd(
    grad: Float32Array,
    dim: number,
    ids: Int32Array,
    gradOut: Float32Array,
    options?: { paddingIdx?: number },
  ): void;
  softmaxCrossEntropy(o: SoftmaxCrossEntropyOptions): SoftmaxCrossEntropyResult;
  softmaxCrossEntropyBackward(
    o: Parameters<typeof wasmSoftmaxCrossEntropyBackward>[1],
  ): Float32Array;
  recurrentForward(cell: CellType, o: LayerForwardOptions): LayerForwardResult;
  recurrentBackward(cell: CellType, cache: LayerCache, g: LayerBackwardOptions): LayerGrads;
}

/** Wraps an already loaded kernels instance as a Backend. */
export function wasmBackendFrom(kernels: WasmKernels): WasmBackend {
  return {
    name: 'wasm',
    kernels,
    gemm: (o) => kernels.gemm(o),
    unary: (op, x, y) => kernels.unary(op, x, y),
    unaryBackward: (op, y, dy, dx) => kernels.unaryBackward(op, y, dy, dx),
    adamStep: (o) => kernels.adamStep(o),
    embeddingGather: (table, dim, ids, out) => kernels.embeddingGather(table, dim, ids, out),
    embeddingScatterAdd: (grad, dim, ids, gradOut, options) =>
      kernels.embeddingScatterAdd(grad, dim, ids, gradOut, options),
    softmaxCrossEntropy: (o) => wasmSoftmaxCrossEntropy(kernels, o),
    softmaxCrossEntropyBackward: (o) => wasmSoftmaxCrossEntropyBackward(kernels, o),
    recurrentForward: (cell, o) => wasmRecurrentForward(kernels, cell, o),
    recurrentBackward: (cell, cache, g) => wasmRecurrentBackward(kernels, cell, cache, g),
  };
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
