/** Resident kernel operands: Float32 arrays that live in the kernels' linear memory, and matrices packed once for many products. */
import type { GemmOptions } from '../api/backend.ts';

/**
 * A Float32 array resident in the kernels' linear memory (allocated from its arena): kernels read
 * and write it in place, with no copy in or out. Take a fresh view() after any call that may
 * grow memory — growth detaches the old ArrayBuffer.
 */
export class WasmBuffer {
  private cached: Float32Array | null = null;
  private live = true;

  constructor(
    private readonly owner: { readonly memoryBuffer: ArrayBuffer },
    /** Byte offset in linear memory. */
    readonly ptr: number,
    /** Length in floats. */
    readonly length: number,
  ) {}

  /**
   * The values, as a Float32Array over linear memory (valid until memory next grows).
   * @throws Error after free().
   */
  view(): Float32Array {
    if (!this.live) throw new Error('WasmBuffer: view() must not be called after free().');
    const buffer = this.owner.memoryBuffer;
    if (this.cached === null || this.cached.buffer !== buffer) {
      this.cached = new Float32Array(buffer, this.ptr, this.length);
    }
    return this.cached;
  }

  /** Marks the buffer dead (called by WasmKernels.free). */
  kill(): void {
    this.live = false;
    this.cached = null;
  }

  get isLive(): boolean {
    return this.live;
  }
}

/** op(B) packed once (see WasmKernels.packB) for every product that uses it. */
export interface PackedMatrix {
  readonly buffer: WasmBuffer;
  /** Columns of op(B). */
  readonly n: number;
  /** Rows of op(B) (the product's depth). */
  readonly k: number;
}

/** A kernel operand: a JS array (copied per call) or a resident buffer (used in place). */
export type Operand = Float32Array | WasmBuffer;

/** GemmOptions whose arrays may be resident, plus an optional prepacked op(B). */
export interface WasmGemmOptions extends Omit<GemmOptions, 'a' | 'b' | 'c' | 'bias'> {
  a: Operand;
  /** Ignored when packedB is given. */
  b?: Operand;
  c: Operand;
  bias?: Operand;
  /** op(B) packed by packB for the same n and k; replaces b and transB. */
  packedB?: PackedMatrix;
}
