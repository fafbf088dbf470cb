/** Differentiable matrix product, 2-D and batched 3-D, on the backend's gemm. */

import { ShapeError } from '../errors.ts';
import { acquireArray } from '../kernels/arrayPool.ts';
import { getBackend } from '../kernels/backend.ts';
import { makeResult } from './autograd.ts';
import { formatShape } from './shape.ts';
import type { Tensor } from './tensor.ts';

/** The view of batch `i` of a [batch, rows, cols] array; stride 0 means one shared matrix. */
function part(data: Float32Array, stride: number, i: number): Float32Array {
  return stride === 0 ? data : data.subarray(i * stride, (i + 1) * stride);
}

/**
 * Matrix product: [m, k] @ [k, n] → [m, n]; [B, m, k] @ [B, k, n] → [B, m, n]; a 2-D operand
 * (or a batch of 1) is shared across the other's batch. The backward folds every transpose
 * into gemm's transA/transB flags, so no transposed copy is ever made.
 * @throws ShapeError for operands that are not 2-D/3-D, inner sizes that differ, or batch
 * sizes that neither match nor are 1.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim < 2 || a.ndim > 3 || b.ndim < 2 || b.ndim > 3) {
    throw new ShapeError(
      `matmul: operands must be 2-D or 3-D, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}.`,
    );
  }
  const m = a.shape[a.ndim - 2];
  const k = a.shape[a.ndim - 1];
  const kb = b.shape[b.ndim - 2];
  const n = b.shape[b.ndim - 1];
  if (k !== kb) {
    throw new ShapeError(`matmul: a.size(-1) must equal b.size(-2), got ${k} and ${kb}.`);
  }
  const batchA = a.ndim === 3 ? a.shape[0] : 1;
  const batchB = b.ndim === 3 ? b.shape[0] : 1;
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) {
    throw new ShapeError(`matmul: batch sizes must match or be 1, got ${batchA} and ${batchB}.`);
  }
  const batch = Math.max(batchA, batchB);
  const sa = batchA > 1 ? m * k : 0;
  const sb = batchB > 1 ? k * n : 0;
  const shape = a.ndim === 3 || b.ndim === 3 ? [batch, m, n] : [m, n];
  const gemm = getBackend().gemm;
  // From the array pool: a gemm with beta 0 (the first of each) writes C without reading it.
  const out = acquireArray(batch * m * n, { zero: false });
  if (sb === 0) {
    // One weight for every batch: fold the batch into the rows, a single gemm.
    gemm({ m: sa === 0 ? m : batch * m, n, k, a: a.data, b: b.data, c: out });
    if (sa === 0) for (let i = 1; i < batch; i++) out.copyWithin(i * m * n, 0, m * n);
  } else {
    for (let i = 0; i < batch; i++) {
      gemm({ m, n, k, a: part(a.data, sa, i), b: part(b.data, sb, i), c: part(out, m * n, i) });
    }
  }
  return makeResult(out, shape, {
    op: 'matmul',
    inputs: [a, b],
    // The rule reads g during the call only; its gradients come from the pool.
    releasesGradOutput: true,
    backward: (g) => {
      let ga: Float32Array | null = null;
      let gb: Float32Array | null = null;
      if (a.requiresGrad) {
        // dA = G · Bᵀ (summed over the batch when A is shared).
        ga = acquireArray(a.size, { zero: false });
        if (sb === 0 && sa !== 0) {
          gemm({ m: batch * m, n: k, k: n, a: g, b: b.data, c: ga, transB: true });
        } else {
          for (let i = 0; i < batch; i++) {
            gemm({
              m,
              n: k,
              k: n,
              a: part(g, m * n, i),
              b: part(b.data, sb, i),
              c: part(ga, sa, i),
              transB: true,
              beta: sa === 0 && i > 0 ? 1 : 0,
            });
          }
        }
      }
      if (b.requiresGrad) {
        // dB = Aᵀ · G (summed over the batch when B is shared).
        gb = acquireArray(b.size, { zero: false });
        if (sb === 0 && sa !== 0) {
          gemm({ m: k, n, k: batch * m, a: a.data, b: g, c: gb, transA: true });
        } else {
          for (let i = 0; i < batch; i++) {
            gemm({
              m: k,
              n,
              k: m,
              a: part(a.data, sa, i),
              b: part(g, m * n, i),
              c: part(gb, sb, i),
              transA: true,
              beta: sb === 0 && i > 0 ? 1 : 0,
            });
          }
        }
      }
      return [ga, gb];
    },
  });
}
