/** Loading the embedded kernels: picks the relaxed-SIMD or plain-SIMD build and instantiates it synchronously or asynchronously. */
import { decodeBase64 } from './base64.ts';
import { KERNELS_RELAXED_SIMD_BASE64, KERNELS_SIMD_BASE64 } from './kernels.generated.ts';
import { type KernelExports, WasmKernels, type WasmVariant } from './wasmKernels.ts';

/** The few members of the WebAssembly namespace core uses (core's lib has no DOM or Node types). */
interface WasmNamespace {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
}

function wasmNamespace(): WasmNamespace {
  const ns = (globalThis as { WebAssembly?: WasmNamespace }).WebAssembly;
  if (ns === undefined) throw new Error('WebAssembly kernels: this runtime has no WebAssembly.');
  return ns;
}

export interface LoadWasmOptions {
  /** 'auto' (default) takes relaxed SIMD when the runtime validates it, else plain SIMD. */
  variant?: WasmVariant | 'auto';
}

function variantBytes(variant: WasmVariant): Uint8Array {
  return decodeBase64(variant === 'simd' ? KERNELS_SIMD_BASE64 : KERNELS_RELAXED_SIMD_BASE64);
}

function chooseVariant(ns: WasmNamespace, options: LoadWasmOptions): WasmVariant {
  const wanted = options.variant ?? 'auto';
  if (wanted !== 'auto') return wanted;
  return ns.validate(variantBytes('relaxed-simd')) ? 'relaxed-simd' : 'simd';
}

/**
 * Compiles and instantiates the kernels synchronously (allowed in Node and in workers; a browser
 * main thread refuses synchronous compilation of modules over 4 KB — use loadWasmKernels there).
 * @throws Error when the runtime lacks WebAssembly or SIMD.
 */
export function loadWasmKernelsSync(options: LoadWasmOptions = {}): WasmKernels {
  const ns = wasmNamespace();
  const variant = chooseVariant(ns, options);
  const instance = new ns.Instance(new ns.Module(variantBytes(variant)), {});
  return new WasmKernels(instance.exports as KernelExports, variant);
}

/** Compiles and instantiates the kernels asynchronously (any host, including a page's main thread). */
export async function loadWasmKernels(options: LoadWasmOptions = {}): Promise<WasmKernels> {
  const ns = wasmNamespace();
  const variant = chooseVariant(ns, options);
  const { instance } = await ns.instantiate(variantBytes(variant), {});
  return new WasmKernels(instance.exports as KernelExports, variant);
}
