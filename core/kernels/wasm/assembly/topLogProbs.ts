// Each row's most likely columns with their log-softmax values: beam search reads a few values a row instead of copying its logits out.

import { gemmRows } from './gemm';
import { expShiftedSum, rowMax } from './softmax';

/**
 * Puts column j's value x into row's sorted list of `filled` (≤ count) entries at ids / vals
 * (i32 / f64, largest first, the earlier column first on ties), as the TypeScript reference
 * (core/kernels/api/topLogProbs.ts) inserts; returns the list's new length.
 */
@inline
function insert(x: f32, j: i32, filled: i32, count: i32, ids: usize, vals: usize): i32 {
  const value = <f64>x;
  let at = filled;
  while (at > 0 && value > load<f64>(vals + <usize>(at - 1) * 8)) at--;
  if (at >= count) return filled;
  for (let i = min(filled, count - 1); i > at; i--) {
    store<i32>(ids + <usize>i * 4, load<i32>(ids + <usize>(i - 1) * 4));
    store<f64>(vals + <usize>i * 8, load<f64>(vals + <usize>(i - 1) * 8));
  }
  store<i32>(ids + <usize>at * 4, j);
  store<f64>(vals + <usize>at * 8, value);
  return min(filled + 1, count);
}

/**
 * For rows r0 ≤ r < r1 of x [rows, C]: the `count` (1 ≤ count ≤ C) columns of largest value,
 * largest first, the lower column first on ties, at ids + r·count·4, and their log-softmax values
 * x − (max + log Σ exp(x − max)) at logProbs + r·count·8 (the log-sum-exp of softmaxCrossEntropy:
 * float32 exponentials summed in double). Overwrites x's rows with exp(x − max).
 */
export function topLogProbRows(x: usize, C: i32, count: i32, ids: usize, logProbs: usize, r0: i32, r1: i32): void {
  for (let r = r0; r < r1; r++) {
    const row = x + <usize>r * <usize>C * 4;
    const id = ids + <usize>(r * count) * 4;
    const val = logProbs + <usize>(r * count) * 8;
    let filled = 0;
    let j = 0;
    for (; j < C && filled < count; j++) filled = insert(load<f32>(row + <usize>j * 4), j, filled, count, id, val);
    // Once the list is full, a group of four that the last entry beats or ties is skipped whole
    // (a NaN lane fails `le` and goes through insert, which keeps it out as the reference does).
    const lastAt = val + <usize>(count - 1) * 8;
    let last = f32x4.splat(<f32>load<f64>(lastAt));
    for (; j + 4 <= C; j += 4) {
      if (i32x4.all_true(f32x4.le(v128.load(row + <usize>j * 4), last))) continue;
      for (let l = j; l < j + 4; l++) insert(load<f32>(row + <usize>l * 4), l, count, count, id, val);
      last = f32x4.splat(<f32>load<f64>(lastAt));
    }
    for (; j < C; j++) insert(load<f32>(row + <usize>j * 4), j, count, count, id, val);
    const m = rowMax(row, C);
    const lse: f64 = <f64>m + Math.log(expShiftedSum(row, row, C, m));
    for (let i = 0; i < count; i++) store<f64>(val + <usize>i * 8, load<f64>(val + <usize>i * 8) - lse);
  }
}

/**
 * A prepacked Linear's rows [i0, i1) then their top log-probabilities: logits [m, n] = a [m, k]·op(B)
 * + bias (gemmRows on packedB), then topLogProbRows over those rows. One call per thread's band,
 * so a beam-search step's head and its scoring take one hand-off.
 */
export function linearTopLogProbRows(
  m: i32, n: i32, k: i32, a: usize, logits: usize, bias: usize, work: usize, packedB: usize,
  count: i32, ids: usize, logProbs: usize, i0: i32, i1: i32,
): void {
  gemmRows(m, n, k, a, 0, logits, false, false, 1, 0, bias, work, packedB, i0, i1);
  topLogProbRows(logits, n, count, ids, logProbs, i0, i1);
}
