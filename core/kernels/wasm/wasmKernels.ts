/** The WebAssembly kernels instance: loads the embedded module, owns its linear memory, and runs kernels over Float32Arrays. */
import { ShapeError } from '../../errors.ts';
import type { GemmOptions } from '../backend.ts';
import { decodeBase64 } from './base64.ts';
import { KERNELS_RELAXED_SIMD_BASE64, KERNELS_SIMD_BASE64 } from './kernels.generated.ts';

/** The exports of core/kernels/wasm/assembly/index.ts (pointers are byte offsets). */
interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  relaxedSimd(): number;
  gemm(...args: number[]): void;
  gemmWorkspaceFloats(m: number, n: number, k: number): number;
  unaryForward(op: number, x: number, y: number, n: number): void;
  unaryBackward(op: number, y: number, dy: number, dx: number, n: number): void;
  adamStep(...args: number[]): void;
  embeddingGather(table: number, dim: number, ids: number, count: number, out: number): void;
  embeddingScatterAdd(...args: number[]): void;
}

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

/** Which compiled variant to load. */
export type WasmVariant = 'simd' | 'relaxed-simd';

export interface LoadWasmOptions {
  /** 'auto' (default) takes relaxed SIMD when the runtime validates it, else plain SIMD. */
  variant?: WasmVariant | 'auto';
}

/** Elementwise activation codes, as in assembly/elementwise.ts. */
export type UnaryOp = 'tanh' | 'sigmoid' | 'relu';
const UNARY_CODES: Record<UnaryOp, number> = { tanh: 0, sigmoid: 1, relu: 2 };

/** Options of one Adam/AdamW step over a flat parameter. */
export interface AdamStepOptions {
  /** Parameter values, updated in place. */
  param: Float32Array;
  /** Its gradient (read only). */
  grad: Float32Array;
  /** First-moment state, updated in place. */
  expAvg: Float32Array;
  /** Second-moment state, updated in place. */
  expAvgSq: Float32Array;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** 1-based step count after this update (PyTorch's state['step']). */
  step: number;
  /** AdamW: decay the parameter directly instead of adding weightDecay·p to the gradient. */
  decoupled?: boolean;
}

const PAGE = 65536;

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
  private readonly base: number;
  private f32: Float32Array;
  private i32: Int32Array;
  private top = 0;

  constructor(exports: KernelExports, variant: WasmVariant) {
    this.ex = exports;
    this.variant = variant;
    this.base = (exports.heapBase() + 63) & ~63;
    this.f32 = new Float32Array(exports.memory.buffer);
    this.i32 = new Int32Array(exports.memory.buffer);
  }

  /** Bytes of linear memory currently reserved (grows only on a larger shape). */
  get memoryBytes(): number {
    return this.ex.memory.buffer.byteLength;
  }

  /** Starts a call's layout; regions are then taken with take(). */
  private begin(): void {
    this.top = this.base;
  }

  /** Reserves `floats` 4-byte slots (64-byte aligned) and grows memory if needed; returns a byte offset. */
  private take(floats: number): number {
    const at = this.top;
    this.top = (at + floats * 4 + 63) & ~63;
    const need = this.top - this.ex.memory.buffer.byteLength;
    if (need > 0) {
      if (this.ex.memory.grow(Math.ceil(need / PAGE)) < 0) {
        throw new Error(`WebAssembly kernels: memory could not grow to ${this.top} bytes.`);
      }
      this.f32 = new Float32Array(this.ex.memory.buffer);
      this.i32 = new Int32Array(this.ex.memory.buffer);
    }
    return at;
  }

  private put(src: Float32Array, count: number): number {
    const at = this.take(count);
    this.f32.set(count === src.length ? src : src.subarray(0, count), at >> 2);
    return at;
  }

  /**
   * C = alpha · op(A) · op(B) + beta · C (+ bias), row-major; see GemmOptions.
   * @throws ShapeError when a dimension is not a non-negative integer or an array is too short.
   */
  gemm(o: GemmOptions): void {
    const { m, n, k, a, b, c } = o;
    checkDim('gemm', 'm', m);
    checkDim('gemm', 'n', n);
    checkDim('gemm', 'k', k);
    checkLength('gemm', 'a', a, m * k);
    checkLength('gemm', 'b', b, k * n);
    checkLength('gemm', 'c', c, m * n);
    if (o.bias !== undefined) checkLength('gemm', 'bias', o.bias, n);
    if (m === 0 || n === 0) return;
    const beta = o.beta ?? 0;
    this.begin();
    const pa = this.put(a, m * k);
    const pb = this.put(b, k * n);
    const pc = beta === 0 ? this.take(m * n) : this.put(c, m * n);
    const pBias = o.bias === undefined ? 0 : this.put(o.bias, n);
    const work = this.take(this.ex.gemmWorkspaceFloats(m, n, k));
    this.ex.gemm(
      m,
      n,
      k,
      pa,
      pb,
      pc,
      o.transA ? 1 : 0,
      o.transB ? 1 : 0,
      o.alpha ?? 1,
      beta,
      pBias,
      work,
    );
    c.set(this.f32.subarray(pc >> 2, (pc >> 2) + m * n));
  }

  /**
   * y = f(x) elementwise for f in tanh, sigmoid, relu; x and y may be the same array.
   * @throws ShapeError when y is shorter than x.
   */
  unary(op: UnaryOp, x: Float32Array, y: Float32Array): void {
    checkLength(`unary ${op}`, 'y', y, x.length);
    this.begin();
    const px = this.put(x, x.length);
    this.ex.unaryForward(UNARY_CODES[op], px, px, x.length);
    y.set(this.f32.subarray(px >> 2, (px >> 2) + x.length));
  }

  /**
   * dx = dy · f'(x), expressed through the forward output y (tanh: 1 − y², sigmoid: y(1 − y),
   * relu: y > 0).
   * @throws ShapeError when dy or dx is shorter than y.
   */
  unaryBackward(op: UnaryOp, y: Float32Array, dy: Float32Array, dx: Float32Array): void {
    checkLength(`unaryBackward ${op}`, 'dy', dy, y.length);
    checkLength(`unaryBackward ${op}`, 'dx', dx, y.length);
    this.begin();
    const py = this.put(y, y.length);
    const pdy = this.put(dy, y.length);
    this.ex.unaryBackward(UNARY_CODES[op], py, pdy, pdy, y.length);
    dx.set(this.f32.subarray(pdy >> 2, (pdy >> 2) + y.length));
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
    const pp = this.put(o.param, n);
    const pg = this.put(o.grad, n);
    const pm = this.put(o.expAvg, n);
    const pv = this.put(o.expAvgSq, n);
    this.ex.adamStep(
      pp,
      pg,
      pm,
      pv,
      n,
      o.lr,
      o.beta1,
      o.beta2,
      o.eps,
      o.weightDecay,
      stepSize,
      bc2Sqrt,
      o.decoupled ? 1 : 0,
    );
    o.param.set(this.f32.subarray(pp >> 2, (pp >> 2) + n));
    o.expAvg.set(this.f32.subarray(pm >> 2, (pm >> 2) + n));
    o.expAvgSq.set(this.f32.subarray(pv >> 2, (pv >> 2) + n));
  }

  /**
   * out[r, :] = table[ids[r], :]. table is [numEmbeddings, dim], out is [ids.length, dim].
   * @throws ShapeError for an id outside [0, numEmbeddings) or a short array.
   */
  embeddingGather(table: Float32Array, dim: number, ids: Int32Array, out: Float32Array): void {
    const rows = checkEmbedding('embeddingGather', table, dim, ids);
    checkLength('embeddingGather', 'out', out, ids.length * dim);
    this.begin();
    const pt = this.put(table, rows * dim);
    const pi = this.putIds(ids);
    const po = this.take(ids.length * dim);
    this.ex.embeddingGather(pt, dim, pi, ids.length, po);
    out.set(this.f32.subarray(po >> 2, (po >> 2) + ids.length * dim));
  }

  /**
   * grad[ids[r], :] += gradOut[r, :], skipping rows whose id is paddingIdx (PyTorch's
   * padding_idx gets no gradient). grad is [numEmbeddings, dim], gradOut [ids.length, dim].
   * @throws ShapeError for an id outside [0, numEmbeddings) or a short array.
   */
  embeddingScatterAdd(
    grad: Float32Array,
    dim: number,
    ids: Int32Array,
    gradOut: Float32Array,
    options: { paddingIdx?: number } = {},
  ): void {
    const rows = checkEmbedding('embeddingScatterAdd', grad, dim, ids);
    checkLength('embeddingScatterAdd', 'gradOut', gradOut, ids.length * dim);
    this.begin();
    const pg = this.put(grad, rows * dim);
    const pi = this.putIds(ids);
    const po = this.put(gradOut, ids.length * dim);
    this.ex.embeddingScatterAdd(pg, dim, pi, ids.length, po, options.paddingIdx ?? -1);
    grad.set(this.f32.subarray(pg >> 2, (pg >> 2) + rows * dim));
  }

  private putIds(ids: Int32Array): number {
    const at = this.take(ids.length);
    this.i32.set(ids, at >> 2);
    return at;
  }
}

function checkEmbedding(where: string, table: Float32Array, dim: number, ids: Int32Array): number {
  if (!Number.isInteger(dim) || dim <= 0) {
    throw new ShapeError(`${where}: dim must be a positive integer, got ${dim}.`);
  }
  const rows = Math.floor(table.length / dim);
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r] as number;
    if (id < 0 || id >= rows) {
      throw new ShapeError(`${where}: ids[${r}] must be in [0, ${rows}), got ${id}.`);
    }
  }
  return rows;
}
