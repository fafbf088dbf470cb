// Packing for the gemm: alpha·op(A) into 5- and 4-row panels, op(B) into 8-column panels, both zero-padded.
//
// A panel of h rows holds, for each depth step, its h values side by side ([kc, h]); a B panel
// holds the 8 values of each depth step ([kc, 8]). Transposes are folded in here (4×4 SIMD
// transposes), so the micro-kernels never see them.

import { MR_SHORT, MR_TALL, NR } from './gemmKernels';

/**
 * How many of a block's mc rows go into 5-row panels: as many as leave a multiple of 4 for the
 * 4-row panels (32 = 4·5 + 3·4), so no panel is cut short; when no such split exists (mc of 1–3,
 * 6, 7 or 11) the last 4-row panel is partial.
 */
export function tallRows(mc: i32): i32 {
  const short = (MR_TALL - mc % MR_TALL) % MR_TALL;
  if (short * MR_SHORT <= mc) return mc - short * MR_SHORT;
  return mc - mc % MR_TALL;
}

/** Rows a packed A block of mc rows takes (a partial last panel is padded with zeros). */
export function packedARows(mc: i32): i32 {
  const tall = tallRows(mc);
  const rest = mc - tall;
  return tall + ((rest + MR_SHORT - 1) / MR_SHORT) * MR_SHORT;
}

/** Packs rows [i0, i0+mc) × depth [p0, p0+kc) of alpha·op(A) into its panels at pa. */
export function packA(a: usize, m: i32, k: i32, transA: bool, i0: i32, mc: i32, p0: i32, kc: i32, alpha: f32, pa: usize): void {
  const tall = tallRows(mc);
  for (let ir = 0; ir < mc; ) {
    const height = ir < tall ? MR_TALL : MR_SHORT;
    const rows = min(height, mc - ir);
    const dst = pa + <usize>(ir * kc) * 4;
    if (rows < height) packPartial(a, m, k, transA, i0 + ir, rows, height, p0, kc, alpha, dst);
    else if (transA) packRowsT(a, m, i0 + ir, height, p0, kc, alpha, dst);
    else packRows(a, k, i0 + ir, height, p0, kc, alpha, dst);
    ir += height;
  }
}

/** A stored [k, m]: the panel's values of one depth step are contiguous (4 as one v128, a 5th alone). */
function packRowsT(a: usize, m: i32, i: i32, height: i32, p0: i32, kc: i32, alpha: f32, dst: usize): void {
  const va = f32x4.splat(alpha);
  for (let p = 0; p < kc; p++) {
    const src = a + <usize>((p0 + p) * m + i) * 4;
    const d = dst + <usize>(p * height) * 4;
    v128.store(d, f32x4.mul(v128.load(src), va));
    if (height == MR_TALL) store<f32>(d, load<f32>(src, 16) * alpha, 16);
  }
}

/** A stored [m, k]: four rows transposed 4×4 at a time, a fifth row's four values spread alone. */
function packRows(a: usize, k: i32, i: i32, height: i32, p0: i32, kc: i32, alpha: f32, dst: usize): void {
  const va = f32x4.splat(alpha);
  const r0 = a + <usize>(i * k + p0) * 4;
  const stride = <usize>k * 4;
  const step = <usize>height * 4;
  let p = 0;
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
    const d = dst + <usize>(p * height) * 4;
    v128.store(d, f32x4.mul(f32x4.shuffle(t0, t1, 0, 1, 4, 5), va));
    v128.store(d + step, f32x4.mul(f32x4.shuffle(t0, t1, 2, 3, 6, 7), va));
    v128.store(d + 2 * step, f32x4.mul(f32x4.shuffle(t2, t3, 0, 1, 4, 5), va));
    v128.store(d + 3 * step, f32x4.mul(f32x4.shuffle(t2, t3, 2, 3, 6, 7), va));
    if (height == MR_TALL) {
      const v4 = f32x4.mul(v128.load(r0 + 4 * stride + off), va);
      store<f32>(d, f32x4.extract_lane(v4, 0), 16);
      store<f32>(d + step, f32x4.extract_lane(v4, 1), 16);
      store<f32>(d + 2 * step, f32x4.extract_lane(v4, 2), 16);
      store<f32>(d + 3 * step, f32x4.extract_lane(v4, 3), 16);
    }
  }
  for (; p < kc; p++) {
    for (let r = 0; r < height; r++) {
      const x = load<f32>(a + <usize>((i + r) * k + p0 + p) * 4) * alpha;
      store<f32>(dst + <usize>(p * height + r) * 4, x);
    }
  }
}

/** A panel cut by the edge of A: its rows values, the rest zeros. */
function packPartial(a: usize, m: i32, k: i32, transA: bool, i: i32, rows: i32, height: i32, p0: i32, kc: i32, alpha: f32, dst: usize): void {
  for (let p = 0; p < kc; p++) {
    for (let r = 0; r < height; r++) {
      let x: f32 = 0;
      if (r < rows) {
        const at = transA ? (p0 + p) * m + i + r : (i + r) * k + p0 + p;
        x = load<f32>(a + <usize>at * 4) * alpha;
      }
      store<f32>(dst + <usize>(p * height + r) * 4, x);
    }
  }
}

/** Packs depth [p0, p0+kc) × columns [j0, j0+nc) of op(B) into NR-column panels at pb. */
export function packB(b: usize, n: i32, k: i32, transB: bool, p0: i32, kc: i32, j0: i32, nc: i32, pb: usize): void {
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
