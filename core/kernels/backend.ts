/** The kernel backend interface: the few hot primitives a faster backend (WebAssembly) replaces. */
import { jsBackend } from './js/index.ts';

/** Options of a general matrix multiply on row-major arrays. */
export interface GemmOptions {
  /** Rows of op(A) and of C. */
  m: number;
  /** Columns of op(B) and of C. */
  n: number;
  /** Columns of op(A), rows of op(B). */
  k: number;
  /** A, shaped [m, k], or [k, m] when transA. */
  a: Float32Array;
  /** B, shaped [k, n], or [n, k] when transB. */
  b: Float32Array;
  /** C, shaped [m, n]; read when beta ≠ 0, always written. */
  c: Float32Array;
  /** Use Aᵀ: A is stored [k, m]. */
  transA?: boolean;
  /** Use Bᵀ: B is stored [n, k] (the PyTorch weight layout [out, in]). */
  transB?: boolean;
  /** Scales op(A)·op(B); default 1. */
  alpha?: number;
  /** Scales the old C; default 0 (C is overwritten). */
  beta?: number;
  /** Optional [n] vector added to every row of C after the product. */
  bias?: Float32Array;
}

/** The primitives every backend provides; modules and ops never depend on which one runs. */
export interface Backend {
  readonly name: 'js' | 'wasm';
  /** C = alpha · op(A) · op(B) + beta · C (+ bias per column). */
  gemm(options: GemmOptions): void;
}

let current: Backend = jsBackend;

/** Installs the backend every op uses from now on. */
export function setBackend(backend: Backend): void {
  current = backend;
}

/** The backend in use; the plain-TypeScript one unless another was installed. */
export function getBackend(): Backend {
  return current;
}
