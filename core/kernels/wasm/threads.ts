/** Two threads on one shared wasm memory: the main thread's handle on the helper (whose loop is helperLoop.ts), and the threaded backend built from a host-supplied way to start the helper. */
import { decodeBase64 } from './base64.ts';
import {
  ARGS_BYTE,
  HELPER_KERNELS,
  type HelperKernel,
  IDLE,
  kernelImports,
  MAX_ARGS,
  POSTED,
  QUIT,
  READY,
  RESULT,
  type SpawnKernelHelper,
  STATE,
} from './helperLoop.ts';
import {
  KERNELS_RELAXED_SIMD_THREADS_BASE64,
  KERNELS_SIMD_THREADS_BASE64,
} from './kernels.generated.ts';
import type { KernelExports, WasmVariant } from './wasmKernels.ts';

export {
  HELPER_KERNELS,
  type HelperKernel,
  type KernelHelperInit,
  runKernelHelper,
  type SpawnKernelHelper,
} from './helperLoop.ts';

/** The WebAssembly members threads need (core's lib has no DOM or Node types). */
interface WasmThreadsNamespace {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => object;
}

/** Pages of shared memory: initial, and the maximum the threads build declares (2 GiB). */
const INITIAL_PAGES = 64;
const MAXIMUM_PAGES = 32768;
/** The main thread gives up on a helper that has not finished a band after this long. */
const WAIT_MS = 60_000;

function wasmNamespace(): WasmThreadsNamespace {
  const ns = (globalThis as { WebAssembly?: WasmThreadsNamespace }).WebAssembly;
  if (ns === undefined) throw new Error('WebAssembly kernels: this runtime has no WebAssembly.');
  return ns;
}

/** The main thread's handle on one helper: post one row band, run the other, wait. */
export class KernelHelper {
  private readonly control: Int32Array;
  private readonly args: Float64Array;

  constructor(buffer: SharedArrayBuffer) {
    this.control = new Int32Array(buffer, 0, ARGS_BYTE / 4);
    this.args = new Float64Array(buffer, ARGS_BYTE, MAX_ARGS);
  }

  /** A fresh control block for a new helper. */
  static controlBlock(): SharedArrayBuffer {
    return new SharedArrayBuffer(ARGS_BYTE + MAX_ARGS * 8);
  }

  /** Whether the helper has instantiated the kernels (until then everything runs on one thread). */
  get ready(): boolean {
    return Atomics.load(this.control, READY) === 1;
  }

  /** Hands one kernel call to the helper. */
  post(kernel: HelperKernel, kernelArgs: readonly number[]): void {
    this.args[0] = HELPER_KERNELS.indexOf(kernel);
    this.args[1] = kernelArgs.length;
    this.args.set(kernelArgs, 2);
    Atomics.store(this.control, STATE, POSTED);
    Atomics.notify(this.control, STATE);
  }

  /**
   * Blocks until the posted band is done.
   * @throws Error when the helper has not finished within a minute (it died or hangs).
   */
  wait(): void {
    const deadline = Date.now() + WAIT_MS;
    while (Atomics.load(this.control, STATE) === POSTED) {
      if (Date.now() > deadline) {
        throw new Error(
          'WebAssembly kernels: the helper thread did not finish its band within 60 s.',
        );
      }
      Atomics.wait(this.control, STATE, POSTED, 1000);
    }
    Atomics.store(this.control, STATE, IDLE);
  }

  /** What the helper's last kernel call returned (0 for none); read after wait. */
  get result(): number {
    return this.args[RESULT] as number;
  }

  /** Asks the helper to return from runKernelHelper. */
  quit(): void {
    Atomics.store(this.control, STATE, QUIT);
    Atomics.notify(this.control, STATE);
  }
}

/** What a threaded kernels instance needs: its exports on the shared memory and the helper. */
export interface ThreadedInstance {
  exports: KernelExports;
  variant: WasmVariant;
  helper: KernelHelper;
}

/**
 * Compiles the shared-memory kernels, instantiates them on a new shared memory for this thread,
 * and starts a helper thread through `spawn` on the same memory. Returns null (use one thread)
 * when the runtime has no SharedArrayBuffer or shared WebAssembly memory.
 */
export function instantiateThreaded(
  spawn: SpawnKernelHelper,
  options: { variant?: WasmVariant | 'auto' } = {},
): ThreadedInstance | null {
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return null;
  const ns = wasmNamespace();
  const relaxed = decodeBase64(KERNELS_RELAXED_SIMD_THREADS_BASE64);
  const wanted = options.variant ?? 'auto';
  const variant: WasmVariant =
    wanted === 'auto' ? (ns.validate(relaxed) ? 'relaxed-simd' : 'simd') : wanted;
  const bytes = variant === 'simd' ? decodeBase64(KERNELS_SIMD_THREADS_BASE64) : relaxed;
  if (!ns.validate(bytes)) return null;
  const module = new ns.Module(bytes);
  const memory = new ns.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared: true });
  const exports = new ns.Instance(module, kernelImports(memory)).exports as KernelExports;
  const control = KernelHelper.controlBlock();
  spawn({ module, memory, control });
  return { exports, variant, helper: new KernelHelper(control) };
}
