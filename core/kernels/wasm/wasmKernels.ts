/** The WebAssembly kernels instance: owns the module's linear memory (resident arena + per-call scratch) and runs kernels over Float32Arrays or resident buffers. */
import { ShapeError } from '../../errors.ts';
import type { AdamStepOptions, LinearBackwardOptions, LinearGrads } from '../api/backend.ts';
import { acquireArray } from '../arrayPool.ts';
import { Arena } from './arena.ts';
import type { HelperKernel, KernelHelper } from './threads.ts';
import { type Operand, type PackedMatrix, WasmBuffer, type WasmGemmOptions } from './wasmBuffer.ts';

/** The exports of core/kernels/wasm/assembly/index.ts (pointers are byte offsets). */
export interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  relaxedSimd(): number;
  gemm(...args: number[]): void;
  gemmRows(...args: number[]): void;
  gemmBlock(...args: number[]): void;
  gemmWorkspaceFloats(m: number, n: number, k: number): number;
  gemmSplitColumn(m: number, n: number, k: number, prepacked: number): number;
  packBAll(b: number, n: number, k: number, transB: number, dst: number): void;
  packedBFloats(n: number, k: number): number;
  recurrentLayerForward(...args: number[]): void;
  recurrentLayerBackward(...args: number[]): number;
  columnSums(a: number, rows: number, cols: number, ld: number, out: number, acc: number): void;
  softmaxCrossEntropy(...args: number[]): number;
  softmaxCrossEntropyBackward(...args: number[]): void;
  softmaxCrossEntropyWithGrad(...args: number[]): void;
  adamStep(...args: number[]): void;
  linearArgmaxRows(...args: number[]): void;
  linearArgmaxColumns(...args: number[]): void;
  pickArgmaxRows(lower: number, upper: number, out: number, rows: number): void;
  linearTopLogProbRows(...args: number[]): void;
  tanhRows(x: number, out: number, n: number): void;
  greedyDecodeRows(...args: number[]): number;
}

/** Which compiled variant to load. */
export type WasmVariant = 'simd' | 'relaxed-simd';

/** A call's scratch layout in linear memory, for kernels driven from their own TypeScript wrapper. */
export interface Scratch {
  readonly exports: KernelExports;
  /** Copies the first `count` values (default all) in; returns the byte offset. */
  put(src: Float32Array, count?: number): number;
  /** A read-only operand: used in place when it is a live resident view, else copied in like put. */
  putReadOnly(src: Float32Array, count?: number): number;
  /** Copies int32 values in; returns the byte offset. */
  putI32(src: Int32Array): number;
  /** Reserves `floats` zero-filled slots; returns the byte offset. */
  zeros(floats: number): number;
  /** Reserves `floats` slots the kernel will overwrite entirely; returns the byte offset. */
  take(floats: number): number;
  /** A copy of `floats` values at byte offset `ptr`. */
  read(ptr: number, floats: number): Float32Array;
  /**
   * As read, into an array from the array pool (core/kernels/arrayPool.ts): for a gradient handed
   * to the autograd walk, which gives it back once consumed (a parameter's gradient: once the
   * optimizer's zeroGrad({ setToNone }) drops it).
   */
  readPooled(ptr: number, floats: number): Float32Array;
  /** A view of `floats` values at byte offset `ptr`; valid until the next reservation (memory may grow). */
  view(ptr: number, floats: number): Float32Array;
  /** Copies src to byte offset `ptr` (inside a region this scratch reserved). */
  write(ptr: number, src: Float32Array): void;
  /** Reserves `count` 8-byte slots (doubles); returns the byte offset. */
  takeF64(count: number): number;
  /** A copy of `count` doubles at byte offset `ptr`. */
  readF64(ptr: number, count: number): Float64Array;
  /** gemm on byte offsets (bias and packedB 0 for none), split over both threads when it pays. */
  gemm(o: PointerGemm): void;
  /**
   * Runs a row-banded kernel over rows [0, rows): as one call, or as two halves (the helper
   * thread takes the upper half) when a helper is ready and rows ≥ minRows. `args(b0, b1, work)`
   * gives the kernel's arguments for one band with its own workspace of workFloats. Returns the
   * main thread's call result, or the sum of both bands' results with sumResults.
   */
  rows(kernel: Exclude<HelperKernel, 'gemmRows'>, o: RowsOptions): number;
  /**
   * out = the float64 column sums of a [rows, cols] matrix at byte offset `a` (a bias gradient),
   * in two column bands (one per thread) when the matrix is large and a helper is ready; each
   * column is the same sum in the same order either way.
   */
  columnSums(a: number, rows: number, cols: number, out: number): void;
}

/** A row-banded kernel call for Scratch.rows. */
export interface RowsOptions {
  rows: number;
  minRows: number;
  workFloats: number;
  args(b0: number, b1: number, work: number): number[];
  /** Return the sum of both bands' results (e.g. counts) instead of the main band's. */
  sumResults?: boolean;
  /** The bands meet at a multiple of this (default 4: a gemm's row panels; 8 for its column panels). */
  align?: number;
  /**
   * Main-thread work that neither band reads or writes, run while the helper wakes for its band
   * (before the main band; on one thread, before the kernel). Hides the wake-up's latency.
   */
  meanwhile?: () => void;
}

/** A gemm whose operands are byte offsets into linear memory (0 = none for bias and packedB). */
export interface PointerGemm {
  m: number;
  n: number;
  k: number;
  a: number;
  b: number;
  c: number;
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
  bias?: number;
  packedB?: number;
  /** As RowsOptions.meanwhile: work the product neither reads nor writes, run while the helper wakes. */
  meanwhile?: () => void;
}

/** Products below this many flops stay on one thread (a hand-off costs tens of microseconds). */
export const SPLIT_FLOPS = 8e6;
/** Products with fewer rows than this stay on one thread. */
const SPLIT_ROWS = 32;

/** Column sums over fewer values than this stay on one thread. */
const COLUMN_SUMS_SPLIT_VALUES = 262144;

/** Parameters of fewer values than this are updated by Adam on one thread. */
const ADAM_SPLIT_VALUES = 65536;

export type { AdamStepOptions };

const PAGE = 65536;

function checkLength(where: string, what: string, array: Float32Array, need: number): void {
  if (array.length < need) {
    throw new ShapeError(
      `${where}: ${what} must hold at least ${need} values, got ${array.length}.`,
    );
  }
}

function checkDim(where: string, what: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ShapeError(`${where}: ${what} must be a non-negative integer, got ${value}.`);
  }
}

/**
 * One kernels instance and its linear memory. Memory above heapBase is a scratch area: each call
 * lays its operands out from the bottom, copies inputs in, runs, and copies results out. The area
 * grows only when a call needs more than any call before (so steady-state training allocates
 * nothing), and is never shrunk.
 */
export class WasmKernels {
  readonly variant: WasmVariant;
  private readonly ex: KernelExports;
  private readonly arena: Arena;
  private f32: Float32Array;
  private i32: Int32Array;
  private top = 0;
  private readonly helper: KernelHelper | null;
  /** Arrays handed out by stateArray that view the (shared) linear memory, by their byte offset. */
  private readonly resident = new WeakMap<Float32Array, number>();
  /** Gives a state array's block back to the arena once the array is garbage. */
  private readonly releaser = new FinalizationRegistry<number>((ptr) => this.arena.free(ptr));

  /** `helper`: a second thread on the same shared memory (see threads.ts), or null for one thread. */
  constructor(exports: KernelExports, variant: WasmVariant, helper: KernelHelper | null = null) {
    this.ex = exports;
    this.variant = variant;
    this.helper = helper;
    this.arena = new Arena(exports.heapBase());
    this.f32 = new Float32Array(exports.memory.buffer);
    this.i32 = new Int32Array(exports.memory.buffer);
  }

  /** Bytes of linear memory currently reserved (grows only on a larger shape or more resident data). */
  get memoryBytes(): number {
    return this.ex.memory.buffer.byteLength;
  }

  /** The current ArrayBuffer of linear memory (replaced whenever memory grows). */
  get memoryBuffer(): ArrayBuffer {
    return this.ex.memory.buffer;
  }

  /** Threads that run large gemms: 2 once a helper thread is ready, else 1. */
  get threads(): number {
    return this.helper?.ready ? 2 : 1;
  }

  /** Whether a helper thread was started (it may still be loading: see threads). */
  get hasHelper(): boolean {
    return this.helper !== null;
  }

  /** Stops the helper thread (the instance keeps working on one thread). */
  stopHelper(): void {
    this.helper?.quit();
  }

  /** Bytes held by live resident buffers. */
  get residentBytes(): number {
    return this.arena.liveBytes;
  }

  /**
   * A zero-filled resident buffer of `length` floats, for data that should stay in wasm memory
   * across calls (weights, gradients, optimizer moments, recurrent workspaces).
   * @throws ShapeError for a negative or fractional length.
   */
  alloc(length: number): WasmBuffer {
    checkDim('alloc', 'length', length);
    const ptr = this.arena.alloc(length * 4);
    this.ensure(this.arena.end);
    this.f32.fill(0, ptr >> 2, (ptr >> 2) + length);
    return new WasmBuffer(this, ptr, length);
  }

  /**
   * A zero-filled Float32Array for long-lived state private to its owner (an optimizer's moments).
   * On a shared memory (two threads) it is a view of an arena block — shared views never detach
   * when memory grows — which adamStep reads and writes in place instead of copying it in and out;
   * the block returns to the arena when the array is garbage collected. On an unshared memory
   * (whose views detach on growth) it is an ordinary array.
   * @throws ShapeError for a negative or fractional length.
   */
  stateArray(length: number): Float32Array {
    checkDim('stateArray', 'length', length);
    return this.residentView(length, { zero: true }) ?? new Float32Array(length);
  }

  /**
   * A view of a fresh arena block of the shared memory (zero-filled when asked), or null on an
   * unshared memory (whose views detach on growth). Must not be called inside withScratch (the
   * block would overlap the call's scratch). The block returns to the arena on releaseView or
   * when the view is garbage collected.
   */
  residentView(length: number, o: { zero: boolean }): Float32Array | null {
    const buffer = this.ex.memory.buffer;
    if (typeof SharedArrayBuffer === 'undefined' || !(buffer instanceof SharedArrayBuffer)) {
      return null;
    }
    const ptr = this.arena.alloc(length * 4);
    this.ensure(this.arena.end);
    if (o.zero) this.f32.fill(0, ptr >> 2, (ptr >> 2) + length);
    const view = new Float32Array(this.ex.memory.buffer, ptr, length);
    this.resident.set(view, ptr);
    this.releaser.register(view, ptr, view);
    return view;
  }

  /** The byte offset of a view from residentView/stateArray that is still live, else undefined. */
  residentOffset(view: Float32Array): number | undefined {
    return this.resident.get(view);
  }

  /**
   * Gives a residentView's block back to the arena now; the view must not be used afterwards.
   * Does nothing for other arrays or an already released view.
   */
  releaseView(view: Float32Array): void {
    const ptr = this.resident.get(view);
    if (ptr === undefined) return;
    this.resident.delete(view);
    this.releaser.unregister(view);
    this.arena.free(ptr);
  }

  /**
   * Returns a resident buffer to the arena; its views must not be used afterwards.
   * @throws Error when the buffer was already freed.
   */
  free(buffer: WasmBuffer): void {
    if (!buffer.isLive) throw new Error('WasmKernels.free: buffer must be live, got a freed one.');
    this.arena.free(buffer.ptr);
    buffer.kill();
  }

  /**
   * Packs op(B) ([k, n]; b stored [n, k] when transB) into a resident buffer once, for many
   * products (a recurrent weight across every time step). Call repackB after b changes.
   * @throws ShapeError when b is shorter than k·n.
   */
  packB(b: Operand, o: { n: number; k: number; transB?: boolean }): PackedMatrix {
    checkDim('packB', 'n', o.n);
    checkDim('packB', 'k', o.k);
    const packed = { buffer: this.alloc(this.ex.packedBFloats(o.n, o.k)), n: o.n, k: o.k };
    this.repackB(packed, b, { transB: o.transB ?? false });
    return packed;
  }

  /**
   * Re-packs new values of B into an existing PackedMatrix (same n and k; no allocation).
   * @throws ShapeError when b is shorter than k·n.
   */
  repackB(packed: PackedMatrix, b: Operand, o: { transB: boolean }): void {
    this.begin();
    const pb = this.put('packB', 'b', b, packed.n * packed.k);
    this.ex.packBAll(pb, packed.n, packed.k, o.transB ? 1 : 0, packed.buffer.ptr);
  }

  /**
   * Runs `fn` over a fresh scratch layout above the resident buffers (the fused recurrent layer
   * lays out its operands, calls exports, and copies its results out before returning).
   */
  withScratch<T>(fn: (scratch: Scratch) => T): T {
    this.begin();
    return fn({
      exports: this.ex,
      put: (src, count = src.length) => this.put('scratch', 'src', src, count),
      putReadOnly: (src, count = src.length) =>
        this.resident.get(src) ?? this.put('scratch', 'src', src, count),
      putI32: (src) => this.putInt32(src),
      zeros: (floats) => {
        const at = this.take(floats);
        this.f32.fill(0, at >> 2, (at >> 2) + floats);
        return at;
      },
      take: (floats) => this.take(floats),
      read: (ptr, floats) => this.f32.slice(ptr >> 2, (ptr >> 2) + floats),
      readPooled: (ptr, floats) => this.readPooled(ptr, floats),
      view: (ptr, floats) => this.f32.subarray(ptr >> 2, (ptr >> 2) + floats),
      write: (ptr, src) => this.f32.set(src, ptr >> 2),
      takeF64: (count) => this.take(count * 2),
      readF64: (ptr, count) => new Float64Array(this.ex.memory.buffer, ptr, count).slice(),
      gemm: (o) => this.runGemm(o),
      rows: (kernel, o) => this.runRows(kernel, o),
      columnSums: (a, rows, cols, out) => this.columnSums(a, rows, cols, out),
    });
  }

  /** Grows linear memory to cover `end` bytes and refreshes the views. */
  private ensure(end: number): void {
    const need = end - this.ex.memory.buffer.byteLength;
    if (need <= 0) return;
    if (this.ex.memory.grow(Math.ceil(need / PAGE)) < 0) {
      throw new Error(`WebAssembly kernels: memory could not grow to ${end} bytes.`);
    }
    this.f32 = new Float32Array(this.ex.memory.buffer);
    this.i32 = new Int32Array(this.ex.memory.buffer);
  }

  /** Starts a call's scratch layout just above the resident buffers. */
  private begin(): void {
    this.top = this.arena.end;
  }

  /** Reserves `floats` 4-byte slots (64-byte aligned) of scratch; returns a byte offset. */
  private take(floats: number): number {
    const at = this.top;
    this.top = (at + floats * 4 + 63) & ~63;
    this.ensure(this.top);
    return at;
  }

  /** The byte offset of an operand's first `count` values: resident in place, else copied to scratch. */
  private put(where: string, what: string, src: Operand, count: number): number {
    if (src instanceof WasmBuffer) {
      if (!src.isLive) throw new Error(`${where}: ${what} must be a live buffer, got a freed one.`);
      if (src.length < count) {
        throw new ShapeError(
          `${where}: ${what} must hold at least ${count} values, got ${src.length}.`,
        );
      }
      return src.ptr;
    }
    checkLength(where, what, src, count);
    const at = this.take(count);
    this.f32.set(count === src.length ? src : src.subarray(0, count), at >> 2);
    return at;
  }

  /**
   * C = alpha · op(A) · op(B) + beta · C (+ bias), row-major; see GemmOptions. Resident operands
   * are used in place (a resident C is written in place); a packedB replaces b and transB.
   * @throws ShapeError when a dimension is not a non-negative integer, an array is too short, or
   *   packedB was packed for another n or k.
   */
  gemm(o: WasmGemmOptions): void {
    const { m, n, k, c } = o;
    checkDim('gemm', 'm', m);
    checkDim('gemm', 'n', n);
    checkDim('gemm', 'k', k);
    const packed = o.packedB;
    if (packed !== undefined && (packed.n !== n || packed.k !== k)) {
      throw new ShapeError(
        `gemm: packedB must be packed for n ${n} and k ${k}, got n ${packed.n} and k ${packed.k}.`,
      );
    }
    if (packed === undefined && o.b === undefined) {
      throw new ShapeError('gemm: b must be given when packedB is not, got neither.');
    }
    if (c.length < m * n) {
      throw new ShapeError(`gemm: c must hold at least ${m * n} values, got ${c.length}.`);
    }
    const beta = o.beta ?? 0;
    this.begin();
    const pa = this.put('gemm', 'a', o.a, m * k);
    const pb = packed === undefined ? this.put('gemm', 'b', o.b as Operand, k * n) : 0;
    if (m === 0 || n === 0) return;
    const cResident = c instanceof WasmBuffer;
    const pc = cResident || beta !== 0 ? this.put('gemm', 'c', c, m * n) : this.take(m * n);
    const pBias = o.bias === undefined ? 0 : this.put('gemm', 'bias', o.bias, n);
    this.runGemm({
      m,
      n,
      k,
      a: pa,
      b: pb,
      c: pc,
      transA: o.transA ?? false,
      transB: o.transB ?? false,
      alpha: o.alpha ?? 1,
      beta,
      bias: pBias,
      packedB: packed === undefined ? 0 : packed.buffer.ptr,
    });
    if (!cResident) c.set(this.f32.subarray(pc >> 2, (pc >> 2) + m * n));
  }

  /**
   * Runs a gemm on byte offsets inside the current scratch layout: on one thread, or in two
   * halves when it pays, each thread with its own workspace: by columns when that has each thread
   * pack less (gemmSplitColumn: wide output heads), else by rows (the helper takes the lower band).
   */
  private runGemm(o: PointerGemm): void {
    const { m, n, k } = o;
    const ws = this.ex.gemmWorkspaceFloats(m, n, k);
    const work = this.take(ws);
    const args = [
      m,
      n,
      k,
      o.a,
      o.b,
      o.c,
      o.transA ? 1 : 0,
      o.transB ? 1 : 0,
      o.alpha ?? 1,
      o.beta ?? 0,
      o.bias ?? 0,
    ];
    const packedB = o.packedB ?? 0;
    const helper = this.helper;
    const column =
      helper === null || 2 * m * n * k < SPLIT_FLOPS || !helper.ready
        ? -1
        : this.ex.gemmSplitColumn(m, n, k, packedB === 0 ? 0 : 1);
    if (helper === null || column < 0 || (column === 0 && m < SPLIT_ROWS)) {
      o.meanwhile?.();
      this.ex.gemm(...args, work, packedB);
      return;
    }
    const helperWork = this.take(ws);
    if (column > 0) {
      helper.post('gemmBlock', [...args, helperWork, packedB, 0, m, column, n]);
      o.meanwhile?.();
      this.ex.gemmBlock(...args, work, packedB, 0, m, 0, column);
    } else {
      const mid = (m >> 3) << 2;
      helper.post('gemmRows', [...args, helperWork, packedB, mid, m]);
      o.meanwhile?.();
      this.ex.gemmRows(...args, work, packedB, 0, mid);
    }
    helper.wait();
  }

  /** See Scratch.rows. */
  private runRows(kernel: Exclude<HelperKernel, 'gemmRows'>, o: RowsOptions): number {
    const work = this.take(o.workFloats);
    const helper = this.helper;
    const run = this.ex[kernel] as (...args: number[]) => number | undefined;
    if (helper === null || o.rows < o.minRows || !helper.ready) {
      o.meanwhile?.();
      return run(...o.args(0, o.rows, work)) ?? 0;
    }
    const helperWork = this.take(o.workFloats);
    // Near the half, on a multiple of 4 (align) so both bands fill the gemm's 4-row panels.
    const align = o.align ?? 4;
    const mid = Math.floor((o.rows + align) / (2 * align)) * align;
    helper.post(kernel, o.args(mid, o.rows, helperWork));
    o.meanwhile?.();
    const result = run(...o.args(0, mid, work)) ?? 0;
    helper.wait();
    return o.sumResults ? result + helper.result : result;
  }

  /** See Scratch.columnSums. */
  private columnSums(a: number, rows: number, cols: number, out: number): void {
    this.runRows('columnSums', {
      rows: cols,
      // Bands of at least 8 columns (4-column SIMD steps), and only for sums worth a hand-off.
      minRows: rows * cols < COLUMN_SUMS_SPLIT_VALUES ? Number.POSITIVE_INFINITY : 16,
      workFloats: 2 * cols,
      args: (c0, c1, acc) => [a + c0 * 4, rows, c1 - c0, cols, out + c0 * 4, acc],
    });
  }

  /**
   * Linear's backward with g copied in once: dx = g·W and dW = gᵀ·x (each split over both
   * threads when it pays), db = Σ_rows g in float64 (row order, as the TypeScript kernel).
   * @throws ShapeError when an array is shorter than its shape.
   */
  linearBackward(o: LinearBackwardOptions): LinearGrads {
    const { rows, inF, outF } = o;
    checkDim('linearBackward', 'rows', rows);
    checkDim('linearBackward', 'inF', inF);
    checkDim('linearBackward', 'outF', outF);
    this.begin();
    const pg = this.put('linearBackward', 'g', o.g, rows * outF);
    const px = this.put('linearBackward', 'x', o.x, rows * inF);
    const pw = o.needDx ? this.put('linearBackward', 'weight', o.weight, outF * inF) : 0;
    let pdx = 0;
    if (o.needDx) {
      pdx = this.take(rows * inF);
      this.runGemm({ m: rows, n: inF, k: outF, a: pg, b: pw, c: pdx });
    }
    const pdw = this.take(outF * inF);
    this.runGemm({ m: outF, n: inF, k: rows, a: pg, b: px, c: pdw, transA: true });
    let pdb = 0;
    if (o.needDb) {
      pdb = this.take(outF);
      this.columnSums(pg, rows, outF, pdb);
    }
    const f32 = this.f32;
    return {
      dx: o.needDx ? this.readPooled(pdx, rows * inF) : null,
      dw: this.readPooled(pdw, outF * inF),
      db: o.needDb ? f32.slice(pdb >> 2, (pdb >> 2) + outF) : null,
    };
  }

  /**
   * One Adam (or AdamW with decoupled) step, PyTorch 1.13's formula; param, expAvg and expAvgSq
   * are updated in place.
   * @throws ShapeError when the arrays differ in length.
   */
  adamStep(o: AdamStepOptions): void {
    const n = o.param.length;
    checkLength('adamStep', 'grad', o.grad, n);
    checkLength('adamStep', 'expAvg', o.expAvg, n);
    checkLength('adamStep', 'expAvgSq', o.expAvgSq, n);
    // NOTE: the bias corrections are computed in double precision, as torch/optim/adam.py does in Python.
    const stepSize = o.lr / (1 - o.beta1 ** o.step);
    const bc2Sqrt = Math.sqrt(1 - o.beta2 ** o.step);
    this.begin();
    // Moments from stateArray are updated in place; any other array is copied in and out.
    const mIn = this.resident.get(o.expAvg);
    const vIn = this.resident.get(o.expAvgSq);
    const pp = this.take(n);
    const pg = this.take(n);
    const pm = mIn ?? this.take(n);
    const pv = vIn ?? this.take(n);
    const f32 = this.f32;
    const copy = (b0: number, b1: number, into: boolean) => {
      const pairs: [Float32Array, number, boolean][] = [
        [o.param, pp, true],
        [o.grad, pg, into],
        [o.expAvg, pm, mIn === undefined],
        [o.expAvgSq, pv, vIn === undefined],
      ];
      for (const [array, ptr, copied] of pairs) {
        if (!copied) continue;
        if (into) f32.set(array.subarray(b0, b1), (ptr >> 2) + b0);
        else array.set(f32.subarray((ptr >> 2) + b0, (ptr >> 2) + b1), b0);
      }
    };
    const args = (b0: number, b1: number) => [
      pp + b0 * 4,
      pg + b0 * 4,
      pm + b0 * 4,
      pv + b0 * 4,
      b1 - b0,
      o.lr,
      o.beta1,
      o.beta2,
      o.eps,
      o.weightDecay,
      stepSize,
      bc2Sqrt,
      o.decoupled ? 1 : 0,
    ];
    // Elementwise, so any two bands give the same bits. A large parameter's upper band is copied
    // in and handed to the helper first; the main thread's copies of the lower band then overlap
    // the helper's update, which leaves the main thread only copies and its own band.
    const helper = this.helper;
    const split = helper !== null && n >= ADAM_SPLIT_VALUES && helper.ready;
    const mid = split ? ((n + 4) >> 3) << 2 : n;
    if (split) {
      copy(mid, n, true);
      helper.post('adamStep', args(mid, n));
    }
    copy(0, mid, true);
    this.ex.adamStep(...args(0, mid));
    copy(0, mid, false);
    if (split) {
      helper.wait();
      copy(mid, n, false);
    }
  }

  /** See Scratch.readPooled. */
  private readPooled(ptr: number, floats: number): Float32Array {
    const out = acquireArray(floats, { zero: false });
    out.set(this.f32.subarray(ptr >> 2, (ptr >> 2) + floats));
    return out;
  }

  private putInt32(ids: Int32Array): number {
    const at = this.take(ids.length);
    this.i32.set(ids, at >> 2);
    return at;
  }
}
