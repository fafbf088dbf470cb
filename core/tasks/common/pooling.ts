/** Length-aware pooling of a recurrent layer's outputs over time (last, mean, max) as one autograd op. */

import { ShapeError } from '../../errors.ts';
import { acquireArray } from '../../kernels/arrayPool.ts';
import { makeResult } from '../../tensor/autograd.ts';
import { formatShape } from '../../tensor/shape.ts';
import type { Tensor } from '../../tensor/tensor.ts';

/** How a sequence of outputs becomes one vector. */
export type PoolingMode = 'last' | 'mean' | 'max';

/**
 * Pools `output` `[L, N, D·H]` over time, reading only the first `lengths[n]` steps of sequence n.
 * - 'last': the forward direction's output at step `lengths[n] − 1` and, when `directions` is 2,
 *   the backward direction's output at step 0 — i.e. concat(forward final, backward final), the
 *   same values as the top layer of h_n.
 * - 'mean': the mean over the valid steps.
 * - 'max': the elementwise maximum over the valid steps (the gradient goes to the first maximum).
 * @param output `[L, N, D·H]`
 * @param lengths `[N]`, each in [1, L]
 * The backward reads which step each value came from, never `output`'s values: a caller that
 * holds `output` for nothing else may give its array back (ClassifierModel.pooled does).
 * @returns `[N, D·H]`
 * @throws ShapeError for a non-3-D output, a lengths count other than N, a length outside [1, L],
 *   or a feature size not divisible by `directions`.
 */
export function poolOverTime(
  output: Tensor,
  lengths: Int32Array | readonly number[],
  options: { mode: PoolingMode; directions: 1 | 2 },
): Tensor {
  if (output.shape.length !== 3) {
    throw new ShapeError(
      `poolOverTime: output must be [L, N, D·H], got ${formatShape(output.shape)}.`,
    );
  }
  const [L, N, F] = output.shape as [number, number, number];
  if (lengths.length !== N) {
    throw new ShapeError(
      `poolOverTime: lengths must have N = ${N} entries, got ${lengths.length}.`,
    );
  }
  if (F % options.directions !== 0) {
    throw new ShapeError(
      `poolOverTime: the feature size must be divisible by D = ${options.directions}, got ${F}.`,
    );
  }
  for (const len of lengths) {
    if (!Number.isInteger(len) || len < 1 || len > L) {
      throw new ShapeError(`poolOverTime: every length must be in [1, ${L}], got ${len}.`);
    }
  }
  const x = output.data;
  const out = new Float32Array(N * F);
  // source[n*F + f] = time step read for 'last' and 'max'; unused for 'mean'
  const source = new Int32Array(N * F);
  const H = F / options.directions;
  for (let n = 0; n < N; n++) {
    const len = lengths[n] as number;
    for (let f = 0; f < F; f++) {
      const k = n * F + f;
      if (options.mode === 'last') {
        const t = f < H ? len - 1 : 0;
        source[k] = t;
        out[k] = x[(t * N + n) * F + f] as number;
      } else if (options.mode === 'mean') {
        let s = 0;
        for (let t = 0; t < len; t++) s += x[(t * N + n) * F + f] as number;
        out[k] = s / len;
      } else {
        let best = x[n * F + f] as number;
        let arg = 0;
        for (let t = 1; t < len; t++) {
          const v = x[(t * N + n) * F + f] as number;
          if (v > best) {
            best = v;
            arg = t;
          }
        }
        out[k] = best;
        source[k] = arg;
      }
    }
  }
  return makeResult(out, [N, F], {
    op: `pool-${options.mode}`,
    inputs: [output],
    backward(g) {
      // From the array pool (zero-filled: only the pooled steps get a value); the walk gives it
      // back once the recurrent layer's rule has consumed it.
      const gx = acquireArray(output.size, { zero: true });
      for (let n = 0; n < N; n++) {
        const len = lengths[n] as number;
        for (let f = 0; f < F; f++) {
          const k = n * F + f;
          if (options.mode === 'mean') {
            const share = (g[k] as number) / len;
            for (let t = 0; t < len; t++) gx[(t * N + n) * F + f] = share;
          } else {
            gx[((source[k] as number) * N + n) * F + f] = g[k] as number;
          }
        }
      }
      return [gx];
    },
  });
}
