// How two threads split one gemm: by rows (each packs all of B) or by columns (each packs all of A).

import { NC } from './gemm';
import { MR_SHORT as MR, NR } from './gemmKernels';

/** What streaming a float of an already packed B costs against packing one (measured ~0.25). */
const STREAM_WEIGHT: f64 = 0.25;

/** Blocks of NC columns gemmBlock walks for columns [j0, j1) (a prepacked B's from column 0). */
function columnBlocks(j0: i32, j1: i32, prepacked: bool): i32 {
  if (j1 <= j0) return 0;
  if (prepacked) return (j1 - 1) / NC - j0 / NC + 1;
  return (j1 - j0 + NC - 1) / NC;
}

/**
 * The column at which two threads should split C [m, n] = op(A)[m, k]·op(B)[k, n] (a multiple of
 * NR near n/2), or 0 to split it by rows. Each thread packs its share of A once per block of NC
 * columns it computes and its share of B once (a prepacked B is only streamed): by rows a
 * thread packs half of A and all of B, by columns all of A and half of B. The split that has
 * the busier thread pack less wins, so the wide output heads (m·k small, k·n large) go by columns
 * and products of a long k (weight gradients, dx through a head) by rows.
 */
export function gemmSplitColumn(m: i32, n: i32, k: i32, prepacked: bool): i32 {
  const mid = ((n + NR) / (2 * NR)) * NR;
  if (mid <= 0 || mid >= n) return 0;
  const rowMid = ((m + MR) / (2 * MR)) * MR;
  const rowsA = max(rowMid, m - rowMid);
  const b: f64 = prepacked ? STREAM_WEIGHT : 1;
  const byRows = <f64>rowsA * <f64>k * <f64>columnBlocks(0, n, prepacked) + b * <f64>k * <f64>n;
  let byColumns: f64 = 0;
  for (let half = 0; half < 2; half++) {
    const j0 = half == 0 ? 0 : mid;
    const j1 = half == 0 ? mid : n;
    const cost = <f64>m * <f64>k * <f64>columnBlocks(j0, j1, prepacked) + b * <f64>k * <f64>(j1 - j0);
    byColumns = max(byColumns, cost);
  }
  return byColumns < byRows ? mid : 0;
}
