/** Linear's backward in plain TypeScript: the input and weight gradients by gemm, the bias gradient as float64 column sums. */
import type { LinearBackwardOptions, LinearGrads } from '../api/backend.ts';
import { gemmJs } from './gemm.ts';

/**
 * out[c] = Σ_r a[r, c], summed in float64 in row order (the bias gradient's reference).
 * @param a [rows, cols] row-major.
 * @returns [cols].
 */
export function columnSumsJs(a: Float32Array, rows: number, cols: number): Float32Array {
  const acc = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let j = 0; j < cols; j++) acc[j] += a[base + j] as number;
  }
  return Float32Array.from(acc);
}

/**
 * dx = g·W [rows, inF], dW = gᵀ·x [outF, inF], db = Σ_rows g [outF] for y = x·Wᵀ + b.
 * Shapes are the caller's (core/nn/linear.ts checks them in the forward).
 */
export function linearBackwardJs(o: LinearBackwardOptions): LinearGrads {
  const { rows, inF, outF, g } = o;
  let dx: Float32Array | null = null;
  if (o.needDx) {
    dx = new Float32Array(rows * inF);
    gemmJs({ m: rows, n: inF, k: outF, a: g, b: o.weight, c: dx });
  }
  const dw = new Float32Array(outF * inF);
  gemmJs({ m: outF, n: inF, k: rows, a: g, b: o.x, c: dw, transA: true });
  return { dx, dw, db: o.needDb ? columnSumsJs(g, rows, outF) : null };
}
