// The gemm's micro-kernels: a 5×8 and a 4×8 tile of C from one packed A panel and one packed B panel.
//
// Each kernel keeps its tile in registers: 10 (or 8) v128 accumulators, so the FMA chains have
// latency to spare (two FMA pipes × 4 cycles need 8 chains in flight). V8 (TurboFan) emits every
// load of a depth step at the top of the loop body, so what one step loads is live all at once:
// five load32_splat broadcasts + two B vectors + 10 accumulators would need 17 of x64's 15
// allocatable xmm registers and spill. So a step loads four A values as one v128 and splats them
// by shuffles (vpshufd), the fifth by load32_splat: 14 registers, no spills. Unrolling the depth
// loop spills for the same reason (the next step's loads are hoisted too), so it is not unrolled.
// Every element of C is one chain acc = a·b + acc over the depth in order, whichever kernel, tile
// or row band computes it.

/** Micro-kernel columns (B panel width, two v128). */
export const NR: i32 = 8;
/** Rows of the tall panel (the kernel most of C goes through). */
export const MR_TALL: i32 = 5;
/** Rows of the short panel (the rows a block's 5-row panels leave over). */
export const MR_SHORT: i32 = 4;

@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
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
 * The 5×8 micro-kernel: dst[5, 8] (row stride ldc floats) = panelA[kc, 5]ᵀ · panelB[kc, 8]
 * + beta·dst + bias (bias 0 when biasPtr is 0).
 */
export function kernel5x8(kc: i32, pa: usize, pb: usize, dst: usize, ldc: i32, beta: f32, biasPtr: usize): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0);
  let c41 = f32x4.splat(0);
  const end = pb + <usize>(kc * NR) * 4;
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const a4 = v128.load(pa);
    let a = i32x4.shuffle(a4, a4, 0, 0, 0, 0);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = i32x4.shuffle(a4, a4, 1, 1, 1, 1);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = i32x4.shuffle(a4, a4, 2, 2, 2, 2);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = i32x4.shuffle(a4, a4, 3, 3, 3, 3);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    a = v128.load32_splat(pa, 16);
    c40 = madd(a, b0, c40);
    c41 = madd(a, b1, c41);
    pa += 20;
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
  storeRow(dst + 4 * row, c40, c41, beta, bias0, bias1);
}

/**
 * The 4×8 micro-kernel: dst[4, 8] (row stride ldc floats) = panelA[kc, 4]ᵀ · panelB[kc, 8]
 * + beta·dst + bias (bias 0 when biasPtr is 0).
 */
export function kernel4x8(kc: i32, pa: usize, pb: usize, dst: usize, ldc: i32, beta: f32, biasPtr: usize): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  const end = pb + <usize>(kc * NR) * 4;
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const a4 = v128.load(pa);
    let a = i32x4.shuffle(a4, a4, 0, 0, 0, 0);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = i32x4.shuffle(a4, a4, 1, 1, 1, 1);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = i32x4.shuffle(a4, a4, 2, 2, 2, 2);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = i32x4.shuffle(a4, a4, 3, 3, 3, 3);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
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

/** Floats of scratch an edge tile needs (the tile, then one row of C and of the bias, padded). */
export const EDGE_FLOATS: i32 = MR_TALL * NR + 2 * NR;

/**
 * A tile cut by the edge of C (rows < the panel's height or cols < NR): the kernel writes the
 * whole tile into scratch, then each of its first rows×cols goes into C through the same
 * storeRow as a full tile (so an element rounds alike wherever the tiles fall).
 */
export function edgeTile(
  height: i32, kc: i32, pa: usize, pb: usize, dst: usize, ldc: i32,
  rows: i32, cols: i32, beta: f32, biasPtr: usize, scratch: usize,
): void {
  if (height == MR_TALL) kernel5x8(kc, pa, pb, scratch, NR, 0, 0);
  else kernel4x8(kc, pa, pb, scratch, NR, 0, 0);
  const line = scratch + <usize>(MR_TALL * NR) * 4;
  const bias = line + <usize>NR * 4;
  for (let col = 0; col < NR; col++) {
    const x: f32 = biasPtr != 0 && col < cols ? load<f32>(biasPtr + <usize>col * 4) : 0;
    store<f32>(bias + <usize>col * 4, x);
  }
  const bias0 = v128.load(bias);
  const bias1 = v128.load(bias, 16);
  for (let r = 0; r < rows; r++) {
    const c = dst + <usize>(r * ldc) * 4;
    if (beta != 0) copyFloats(line, c, cols);
    const tile = scratch + <usize>(r * NR) * 4;
    storeRow(line, v128.load(tile), v128.load(tile, 16), beta, bias0, bias1);
    copyFloats(c, line, cols);
  }
}

/** Copies count (≤ NR) floats; a loop, since V8's memory.copy is a call out of the module. */
@inline
function copyFloats(dst: usize, src: usize, count: i32): void {
  for (let i = 0; i < count; i++) store<f32>(dst + <usize>i * 4, load<f32>(src + <usize>i * 4));
}
