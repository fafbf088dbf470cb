/** The WebAssembly SIMD backend: the kernels instance behind core's Backend interface, loaded synchronously or asynchronously. */
import type { Backend } from '../backend.ts';
import { type LoadWasmOptions, loadWasmKernels, loadWasmKernelsSync } from './load.ts';
import type { WasmKernels } from './wasmKernels.ts';

export { type LoadWasmOptions, loadWasmKernels, loadWasmKernelsSync } from './load.ts';
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

/** A Backend over a kernels instance; the instance stays reachable for the non-gemm kernels. */
export interface WasmBackend extends Backend {
  readonly name: 'wasm';
  readonly kernels: WasmKernels;
}

/** Wraps an already loaded kernels instance as a Backend. */
export function wasmBackendFrom(kernels: WasmKernels): WasmBackend {
  return { name: 'wasm', kernels, gemm: (o) => kernels.gemm(o) };
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
