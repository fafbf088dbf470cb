// Row-wise arg-max of float32 rows: greedy decoding picks each row's most likely token without copying its logits out.

import { gemmBlock, gemmRows } from './gemm';

/** The largest value rowArgmax saw (−∞ when none exceeded −∞); a global, so one per thread. */
let rowMax: f32 = -Infinity;

/**
 * The first column j0 ≤ j < j1 holding the row's largest value (NaN never chosen), its value in
 * rowMax; j0 and −∞ when no value exceeds −∞.
 */
function rowArgmax(row: usize, j0: i32, j1: i32): i32 {
  const four = i32x4.splat(4);
  // Each lane keeps the first largest value among the columns ≡ lane (mod 4) from j0.
  let best = f32x4.splat(-Infinity);
  let bestIdx = i32x4.splat(j0);
  let idx = i32x4(j0, j0 + 1, j0 + 2, j0 + 3);
  let j = j0;
  for (; j + 4 <= j1; j += 4) {
    const v = v128.load(row + <usize>j * 4);
    const gt = f32x4.gt(v, best);
    best = v128.bitselect(v, best, gt);
    bestIdx = v128.bitselect(idx, bestIdx, gt);
    idx = i32x4.add(idx, four);
  }
  // Across lanes: the largest value, on ties the smallest column (the first in the row).
  let m: f32 = -Infinity;
  let bi: i32 = j0;
  let v = f32x4.extract_lane(best, 0);
  let i = i32x4.extract_lane(bestIdx, 0);
  if (v > m) {
    m = v;
    bi = i;
  }
  v = f32x4.extract_lane(best, 1);
  i = i32x4.extract_lane(bestIdx, 1);
  if (v > m || (v == m && m > -Infinity && i < bi)) {
    m = v;
    bi = i;
  }
  v = f32x4.extract_lane(best, 2);
  i = i32x4.extract_lane(bestIdx, 2);
  if (v > m || (v == m && m > -Infinity && i < bi)) {
    m = v;
    bi = i;
  }
  v = f32x4.extract_lane(best, 3);
  i = i32x4.extract_lane(bestIdx, 3);
  if (v > m || (v == m && m > -Infinity && i < bi)) {
    m = v;
    bi = i;
  }
  for (; j < j1; j++) {
    const t = load<f32>(row + <usize>j * 4);
    if (t > m) {
      m = t;
      bi = j;
    }
  }
  rowMax = m;
  return bi;
}

/**
 * out[r] = the index of the largest of row r's C values of x [rows, C], for rows r0 ≤ r < r1: the
 * first on ties, NaN never chosen, 0 when no value exceeds −∞ (the TypeScript loop's answer).
 */
export function argmaxRows(x: usize, C: i32, out: usize, r0: i32, r1: i32): void {
  for (let r = r0; r < r1; r++) {
    store<i32>(out + <usize>r * 4, rowArgmax(x + <usize>r * <usize>C * 4, 0, C));
  }
}

/**
 * Each row's arg-max over columns [j0, j1) of x [rows, C], rows [0, rows): at best + r·8 the
 * largest value (f32, −∞ for none) and its first column (i32). pickArgmax joins two such ranges.
 */
export function partialArgmaxRows(x: usize, rows: i32, C: i32, j0: i32, j1: i32, best: usize): void {
  for (let r = 0; r < rows; r++) {
    const at = best + <usize>r * 8;
    store<i32>(at, rowArgmax(x + <usize>r * <usize>C * 4, j0, j1), 4);
    store<f32>(at, rowMax);
  }
}

/**
 * Row r's arg-max from partialArgmaxRows of two adjacent column ranges, `lower` the first: the
 * same column as argmaxRows over the whole row (the first on ties, 0 when none exceeds −∞).
 */
export function pickArgmax(lower: usize, upper: usize, r: i32): i32 {
  const at = <usize>r * 8;
  const lowMax = load<f32>(lower + at);
  if (load<f32>(upper + at) > lowMax) return load<i32>(upper + at, 4);
  return lowMax > -Infinity ? load<i32>(lower + at, 4) : 0;
}

/**
 * A prepacked Linear's rows [i0, i1) then their arg-max: logits [m, n] = a [m, k]·op(B) + bias
 * (gemmRows on packedB), out[r] = argmaxRows of logits row r. One call per thread's band, so
 * greedy decoding's head and its arg-max take one hand-off.
 */
export function linearArgmaxRows(
  m: i32, n: i32, k: i32, a: usize, logits: usize, bias: usize, work: usize, packedB: usize,
  out: usize, i0: i32, i1: i32,
): void {
  gemmRows(m, n, k, a, 0, logits, false, false, 1, 0, bias, work, packedB, i0, i1);
  argmaxRows(logits, n, out, i0, i1);
}

/**
 * A prepacked Linear's columns [j0, j1) for all m rows, then each row's partial arg-max over
 * them at best (partialArgmaxRows): one thread's half of a head shared by columns; pickArgmaxRows
 * joins the halves.
 */
export function linearArgmaxColumns(
  m: i32, n: i32, k: i32, a: usize, logits: usize, bias: usize, work: usize, packedB: usize,
  best: usize, j0: i32, j1: i32,
): void {
  gemmBlock(m, n, k, a, 0, logits, false, false, 1, 0, bias, work, packedB, 0, m, j0, j1);
  partialArgmaxRows(logits, m, n, j0, j1, best);
}

/** out[r] = pickArgmax(lower, upper, r) for rows [0, rows). */
export function pickArgmaxRows(lower: usize, upper: usize, out: usize, rows: i32): void {
  for (let r = 0; r < rows; r++) store<i32>(out + <usize>r * 4, pickArgmax(lower, upper, r));
}
