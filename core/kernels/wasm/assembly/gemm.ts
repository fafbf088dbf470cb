// Packed, cache-blocked SIMD matrix multiply (GotoBLAS loop order) on row-major f32 arrays in linear memory.
//
// C[m, n] = alpha · op(A) · op(B) + beta · C (+ bias[n] per row). op(A) is [m, k] (A stored [k, m] when
// transA); op(B) is [k, n] (B stored [n, k] when transB, the PyTorch weight layout [out, in]).
// Transposes are folded into the packing routines, so every variant runs the same 4×8 micro-kernel:
// A is packed in MR-row panels (alpha folded in), B in NR-column panels, both zero-padded.

/** Micro-kernel rows (A panel height). */
const MR: i32 = 4;
/** Micro-kernel columns (B panel width, two v128). */
const NR: i32 = 8;
/** Depth of one packed block (A block MC×KC lives in L2, a B sliver KC×NR in L1). */
export const KC: i32 = 256;
/** Rows of one packed A block. */
export const MC: i32 = 128;
/** Columns of one packed B block. */
export const NC: i32 = 2048;

/** Floats of the MR×NR edge tile at the end of every workspace (per call, so threads never share one). */
const EDGE_FLOATS: i32 = MR * NR;

@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

@inline
function roundUp(x: i32, to: i32): i32 {
  return ((x + to - 1) / to) * to;
}

/** Floats of workspace gemm needs for these sizes (packed A block + packed B block + edge tile). */
export function gemmWorkspaceFloats(m: i32, n: i32, k: i32): i32 {
  const kc = min(k, KC);
  return roundUp(min(m, MC), MR) * kc + kc * roundUp(min(n, NC), NR) + EDGE_FLOATS;
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

/** Packs rows [i0, i0+mc) × depth [p0, p0+kc) of alpha·op(A) into MR-row panels at pa. */
function packA(a: usize, m: i32, k: i32, transA: bool, i0: i32, mc: i32, p0: i32, kc: i32, alpha: f32, pa: usize): void {
  const va = f32x4.splat(alpha);
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const dst = pa + <usize>(ir * kc) * 4;
    const i = i0 + ir;
    if (transA) {
      // A stored [k, m]: the MR values of one depth step are contiguous.
      if (rows == MR) {
        for (let p = 0; p < kc; p++) {
          const v = v128.load(a + <usize>((p0 + p) * m + i) * 4);
          v128.store(dst + <usize>(p * MR) * 4, f32x4.mul(v, va));
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let r = 0; r < MR; r++) {
            const x: f32 = r < rows ? load<f32>(a + <usize>((p0 + p) * m + i + r) * 4) * alpha : 0;
            store<f32>(dst + <usize>(p * MR + r) * 4, x);
          }
        }
      }
    } else {
      // A stored [m, k]: transpose 4×4 blocks of four rows.
      let p = 0;
      if (rows == MR) {
        const r0 = a + <usize>(i * k + p0) * 4;
        const stride = <usize>k * 4;
        for (; p + 4 <= kc; p += 4) {
          const off = <usize>p * 4;
          const v0 = v128.load(r0 + off);
          const v1 = v128.load(r0 + stride + off);
          const v2 = v128.load(r0 + 2 * stride + off);
          const v3 = v128.load(r0 + 3 * stride + off);
          const t0 = f32x4.shuffle(v0, v1, 0, 4, 1, 5);
          const t1 = f32x4.shuffle(v2, v3, 0, 4, 1, 5);
          const t2 = f32x4.shuffle(v0, v1, 2, 6, 3, 7);
          const t3 = f32x4.shuffle(v2, v3, 2, 6, 3, 7);
          const d = dst + <usize>(p * MR) * 4;
          v128.store(d, f32x4.mul(f32x4.shuffle(t0, t1, 0, 1, 4, 5), va));
          v128.store(d, f32x4.mul(f32x4.shuffle(t0, t1, 2, 3, 6, 7), va), 16);
          v128.store(d, f32x4.mul(f32x4.shuffle(t2, t3, 0, 1, 4, 5), va), 32);
          v128.store(d, f32x4.mul(f32x4.shuffle(t2, t3, 2, 3, 6, 7), va), 48);
        }
      }
      for (; p < kc; p++) {
        for (let r = 0; r < MR; r++) {
          const x: f32 = r < rows ? load<f32>(a + <usize>((i + r) * k + p0 + p) * 4) * alpha : 0;
          store<f32>(dst + <usize>(p * MR + r) * 4, x);
        }
      }
    }
  }
}

/** Packs depth [p0, p0+kc) × columns [j0, j0+nc) of op(B) into NR-column panels at pb. */
function packB(b: usize, n: i32, k: i32, transB: bool, p0: i32, kc: i32, j0: i32, nc: i32, pb: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const dst = pb + <usize>(jr * kc) * 4;
    const j = j0 + jr;
    if (!transB) {
      // B stored [k, n]: the NR values of one depth step are contiguous.
      if (cols == NR) {
        for (let p = 0; p < kc; p++) {
          const src = b + <usize>((p0 + p) * n + j) * 4;
          const d = dst + <usize>(p * NR) * 4;
          v128.store(d, v128.load(src));
          v128.store(d, v128.load(src, 16), 16);
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let c = 0; c < NR; c++) {
            const x: f32 = c < cols ? load<f32>(b + <usize>((p0 + p) * n + j + c) * 4) : 0;
            store<f32>(dst + <usize>(p * NR + c) * 4, x);
          }
        }
      }
    } else {
      // B stored [n, k]: transpose two 4×4 blocks of eight rows per four depth steps.
      let p = 0;
      if (cols == NR) {
        const r0 = b + <usize>(j * k + p0) * 4;
        const stride = <usize>k * 4;
        for (; p + 4 <= kc; p += 4) {
          const d = dst + <usize>(p * NR) * 4;
          for (let half = 0; half < 2; half++) {
            const base = r0 + <usize>(half * 4) * stride + <usize>p * 4;
            const v0 = v128.load(base);
            const v1 = v128.load(base + stride);
            const v2 = v128.load(base + 2 * stride);
            const v3 = v128.load(base + 3 * stride);
            const t0 = f32x4.shuffle(v0, v1, 0, 4, 1, 5);
            const t1 = f32x4.shuffle(v2, v3, 0, 4, 1, 5);
            const t2 = f32x4.shuffle(v0, v1, 2, 6, 3, 7);
            const t3 = f32x4.shuffle(v2, v3, 2, 6, 3, 7);
            const dh = d + <usize>(half * 16);
            v128.store(dh, f32x4.shuffle(t0, t1, 0, 1, 4, 5));
            v128.store(dh, f32x4.shuffle(t0, t1, 2, 3, 6, 7), 32);
            v128.store(dh, f32x4.shuffle(t2, t3, 0, 1, 4, 5), 64);
            v128.store(dh, f32x4.shuffle(t2, t3, 2, 3, 6, 7), 96);
          }
        }
      }
      for (; p < kc; p++) {
        for (let c = 0; c < NR; c++) {
          const x: f32 = c < cols ? load<f32>(b + <usize>((j + c) * k + p0 + p) * 4) : 0;
          store<f32>(dst + <usize>(p * NR + c) * 4, x);
        }
      }
    }
  }
}

/** Writes one kernel row: dst = acc + beta·dst + bias (beta 0 never reads dst, as BLAS). */
@inline
function storeRow(dst: usize, x0: v128, x1: v128, beta: f32, bias0: v128, bias1: v128): void {
  if (beta != 0) {
    const vb = f32x4.splat(beta);
    x0 = madd(v128.load(dst), vb, x0);
    x1 = madd(v128.load(dst, 16), vb, x1);
  }
  v128.store(dst, f32x4.add(x0, bias0));
  v128.store(dst, f32x4.add(x1, bias1), 16);
}

/**
 * The 4×8 micro-kernel: dst[4, 8] (row stride ldc floats) = panelA[kc, 4]ᵀ · panelB[kc, 8]
 * + beta·dst + bias (bias 0 when biasPtr is 0).
 */
function kernel4x8(kc: i32, pa: usize, pb: usize, dst: usize, ldc: i32, beta: f32, biasPtr: usize): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const a0 = v128.load32_splat(pa);
    c00 = madd(a0, b0, c00);
    c01 = madd(a0, b1, c01);
    const a1 = v128.load32_splat(pa, 4);
    c10 = madd(a1, b0, c10);
    c11 = madd(a1, b1, c11);
    const a2 = v128.load32_splat(pa, 8);
    c20 = madd(a2, b0, c20);
    c21 = madd(a2, b1, c21);
    const a3 = v128.load32_splat(pa, 12);
    c30 = madd(a3, b0, c30);
    c31 = madd(a3, b1, c31);
    pa += 16;
    pb += 32;
  }
  let bias0 = f32x4.splat(0);
  let bias1 = f32x4.splat(0);
  if (biasPtr != 0) {
    bias0 = v128.load(biasPtr);
    bias1 = v128.load(biasPtr, 16);
  }
  const row = <usize>ldc * 4;
  storeRow(dst, c00, c01, beta, bias0, bias1);
  storeRow(dst + row, c10, c11, beta, bias0, bias1);
  storeRow(dst + 2 * row, c20, c21, beta, bias0, bias1);
  storeRow(dst + 3 * row, c30, c31, beta, bias0, bias1);
}

/** Merges the edge tile's first rows×cols into C: c = tile + beta·c + bias. */
function mergeEdge(edge: usize, c: usize, ldc: i32, rows: i32, cols: i32, beta: f32, biasPtr: usize): void {
  for (let r = 0; r < rows; r++) {
    const dst = c + <usize>(r * ldc) * 4;
    for (let col = 0; col < cols; col++) {
      let x = load<f32>(edge + <usize>(r * NR + col) * 4);
      if (beta != 0) x += beta * load<f32>(dst + <usize>col * 4);
      if (biasPtr != 0) x += load<f32>(biasPtr + <usize>col * 4);
      store<f32>(dst + <usize>col * 4, x);
    }
  }
}

/** C = beta·C + bias when the product is empty (k = 0). */
function scaleOnly(c: usize, m: i32, n: i32, beta: f32, bias: usize): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
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
  if (i1 <= i0 || n <= 0) return;
  if (k <= 0 || alpha == 0) {
    scaleOnly(c + <usize>(i0 * n) * 4, i1 - i0, n, beta, bias);
    return;
  }
  const pa = work;
  const pb = work + <usize>(roundUp(min(m, MC), MR) * min(k, KC)) * 4;
  const edge = work + <usize>(gemmWorkspaceFloats(m, n, k) - EDGE_FLOATS) * 4;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      let panels = pb;
      if (packedB != 0) panels = packedB + <usize>packedBlockOffset(n, k, jc, pc) * 4;
      else packB(b, n, k, transB, pc, kc, jc, nc, pb);
      const betaBlock: f32 = pc == 0 ? beta : 1;
      const lastBlock = pc + kc >= k;
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        packA(a, m, k, transA, ic, mc, pc, kc, alpha, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const j = jc + jr;
          const biasPtr: usize = lastBlock && bias != 0 ? bias + <usize>j * 4 : 0;
          const panelB = panels + <usize>(jr * kc) * 4;
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const panelA = pa + <usize>(ir * kc) * 4;
            const dst = c + <usize>((ic + ir) * n + j) * 4;
            if (rows == MR && cols == NR) {
              kernel4x8(kc, panelA, panelB, dst, n, betaBlock, biasPtr);
            } else {
              kernel4x8(kc, panelA, panelB, edge, NR, 0, 0);
              mergeEdge(edge, dst, n, rows, cols, betaBlock, biasPtr);
            }
          }
        }
      }
    }
  }
}
