// Packed, cache-blocked SIMD matrix multiply (GotoBLAS loop order) on row-major f32 arrays in linear memory.
//
// C[m, n] = alpha · op(A) · op(B) + beta · C (+ bias[n] per row). op(A) is [m, k] (A stored [k, m] when
// transA); op(B) is [k, n] (B stored [n, k] when transB, the PyTorch weight layout [out, in]).
// Transposes are folded into the packing (gemmPack.ts), so every variant runs the same micro-kernels
// (gemmKernels.ts): A is packed in 5-row panels (4-row ones for the rows left over, alpha folded in),
// B in 8-column panels, both zero-padded.

import { EDGE_FLOATS, edgeTile, kernel4x8, kernel5x8, MR_SHORT, MR_TALL, NR } from './gemmKernels';
import { packA, packB, tallRows } from './gemmPack';

/** Depth of one packed block (A block MC×KC lives in L2, a B sliver KC×NR in L1). */
export const KC: i32 = 256;
/** Rows of one packed A block. */
export const MC: i32 = 128;
/** Columns of one packed B block. */
export const NC: i32 = 2048;

@inline
function roundUp(x: i32, to: i32): i32 {
  return ((x + to - 1) / to) * to;
}

/**
 * Floats of the packed A block in a workspace: any block of at most min(m, MC) rows, padded to
 * 16 floats so the B panels after it start on a cache line.
 */
@inline
function packedAFloats(m: i32, k: i32): i32 {
  return roundUp((min(m, MC) + MR_SHORT - 1) * min(k, KC), 16);
}

/** Floats of workspace gemm needs for these sizes (packed A block + packed B block + edge tile). */
export function gemmWorkspaceFloats(m: i32, n: i32, k: i32): i32 {
  return packedAFloats(m, k) + min(k, KC) * roundUp(min(n, NC), NR) + EDGE_FLOATS;
}

/** Floats of a whole prepacked op(B) (every NC×KC block, panels zero-padded to NR columns). */
export function packedBFloats(n: i32, k: i32): i32 {
  return k * roundUp(n, NR);
}

/** Float offset of block (jc, pc) inside a whole prepacked op(B). */
@inline
function packedBlockOffset(n: i32, k: i32, jc: i32, pc: i32): i32 {
  return jc * k + pc * roundUp(min(NC, n - jc), NR);
}

/**
 * Packs all of op(B) once, in the order gemm consumes it, so a matrix used by many products
 * (a recurrent weight over every time step) is packed once instead of once per call.
 */
export function packBAll(b: usize, n: i32, k: i32, transB: bool, dst: usize): void {
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(b, n, k, transB, pc, kc, jc, nc, dst + <usize>packedBlockOffset(n, k, jc, pc) * 4);
    }
  }
}

/** C = beta·C + bias on rows [i0, i1) × columns [j0, j1) when the product is empty (k = 0). */
function scaleOnly(c: usize, n: i32, i0: i32, i1: i32, j0: i32, j1: i32, beta: f32, bias: usize): void {
  for (let i = i0; i < i1; i++) {
    for (let j = j0; j < j1; j++) {
      const dst = c + <usize>(i * n + j) * 4;
      let x: f32 = beta != 0 ? beta * load<f32>(dst) : 0;
      if (bias != 0) x += load<f32>(bias + <usize>j * 4);
      store<f32>(dst, x);
    }
  }
}

/**
 * C = alpha · op(A) · op(B) + beta · C (+ bias). Pointers are byte offsets into linear memory;
 * bias = 0 means none; work must hold gemmWorkspaceFloats(m, n, k) floats (16-byte aligned).
 * packedB ≠ 0 points at op(B) already packed by packBAll (then b and transB are not read).
 */
export function gemm(
  m: i32, n: i32, k: i32,
  a: usize, b: usize, c: usize,
  transA: bool, transB: bool,
  alpha: f32, beta: f32, bias: usize, work: usize, packedB: usize,
): void {
  gemmRows(m, n, k, a, b, c, transA, transB, alpha, beta, bias, work, packedB, 0, m);
}

/**
 * gemm restricted to rows [i0, i1) of C (the other rows are neither read nor written), so two
 * threads with their own workspaces can each compute one band of the same product.
 */
export function gemmRows(
  m: i32, n: i32, k: i32,
  a: usize, b: usize, c: usize,
  transA: bool, transB: bool,
  alpha: f32, beta: f32, bias: usize, work: usize, packedB: usize,
  i0: i32, i1: i32,
): void {
  gemmBlock(m, n, k, a, b, c, transA, transB, alpha, beta, bias, work, packedB, i0, i1, 0, n);
}

/**
 * gemm restricted to rows [i0, i1) and columns [j0, j1) of C (nothing else of C is read or
 * written). Every element of C is one chain over k whatever tile computes it (gemmKernels.ts),
 * and the depth blocks are gemm's, so any rows and any columns at multiples of NR (or n) give
 * gemm's bits. So two threads with their own workspaces can split a product by rows (each packs
 * all of B) or by columns (each packs only its columns of B, and all of A).
 */
export function gemmBlock(
  m: i32, n: i32, k: i32,
  a: usize, b: usize, c: usize,
  transA: bool, transB: bool,
  alpha: f32, beta: f32, bias: usize, work: usize, packedB: usize,
  i0: i32, i1: i32, j0: i32, j1: i32,
): void {
  if (i1 <= i0 || j1 <= j0) return;
  if (k <= 0 || alpha == 0) {
    scaleOnly(c, n, i0, i1, j0, j1, beta, bias);
    return;
  }
  const pa = work;
  const pb = work + <usize>packedAFloats(m, k) * 4;
  const edge = work + <usize>(gemmWorkspaceFloats(m, n, k) - EDGE_FLOATS) * 4;
  // A prepacked B is laid out in blocks of NC columns from column 0: walk those, clipped to the
  // range; otherwise blocks start at j0, so a range of at most NC columns packs A once.
  for (let jc = packedB != 0 ? 0 : j0; jc < j1; jc += NC) {
    const lo = max(jc, j0);
    const nc = min(min(jc + NC, n), j1) - lo;
    if (nc <= 0) continue;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      let panels = pb;
      if (packedB != 0) {
        panels = packedB + <usize>(packedBlockOffset(n, k, jc, pc) + (lo - jc) * kc) * 4;
      } else packB(b, n, k, transB, pc, kc, lo, nc, pb);
      const betaBlock: f32 = pc == 0 ? beta : 1;
      const lastBlock = pc + kc >= k;
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        packA(a, m, k, transA, ic, mc, pc, kc, alpha, pa);
        const tall = tallRows(mc);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const j = lo + jr;
          const biasPtr: usize = lastBlock && bias != 0 ? bias + <usize>j * 4 : 0;
          const panelB = panels + <usize>(jr * kc) * 4;
          for (let ir = 0; ir < mc; ) {
            const height = ir < tall ? MR_TALL : MR_SHORT;
            const rows = min(height, mc - ir);
            const panelA = pa + <usize>(ir * kc) * 4;
            const dst = c + <usize>((ic + ir) * n + j) * 4;
            if (cols < NR || rows < height) {
              edgeTile(height, kc, panelA, panelB, dst, n, rows, cols, betaBlock, biasPtr, edge);
            } else if (height == MR_TALL) {
              kernel5x8(kc, panelA, panelB, dst, n, betaBlock, biasPtr);
            } else {
              kernel4x8(kc, panelA, panelB, dst, n, betaBlock, biasPtr);
            }
            ir += height;
          }
        }
      }
    }
  }
}
