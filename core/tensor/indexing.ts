/** Differentiable indexing and masking: indexSelect (embeddings), gather, maskedFill, where. */

import { ShapeError } from '../errors.ts';
import { broadcastPlan } from '../kernels/backend.ts';
import { makeResult } from './autograd.ts';
import {
  broadcastShapes,
  formatShape,
  normalizeDim,
  sameShape,
  splitAt,
  stridesOf,
} from './shape.ts';
import { sizeOf, Tensor } from './tensor.ts';

function checkedIndex(where: string, v: number, size: number): number {
  if (!Number.isInteger(v) || v < 0 || v >= size) {
    throw new ShapeError(`${where}: index must be an integer in [0, ${size}), got ${v}.`);
  }
  return v;
}

/**
 * Picks entries `index` along `dim`: out has x's shape with `dim` resized to index's length
 * (e.g. embedding rows: x [vocab, dim], index [n] → [n, dim]). Gradients of repeated indices add.
 * @throws ShapeError for a non-1-D index or an index out of range.
 */
export function indexSelect(
  x: Tensor,
  dim: number,
  index: Tensor | Int32Array | readonly number[],
): Tensor {
  if (index instanceof Tensor && index.ndim > 1) {
    throw new ShapeError(`indexSelect: index must be 1-D, got shape ${formatShape(index.shape)}.`);
  }
  if (x.ndim === 0) {
    throw new ShapeError('indexSelect: input must have at least 1 dimension, got 0.');
  }
  const d = normalizeDim('indexSelect', dim, x.ndim);
  const [outer, size, inner] = splitAt(x.shape, d);
  const raw = index instanceof Tensor ? index.data : index;
  const idx = new Int32Array(raw.length);
  for (let k = 0; k < raw.length; k++) idx[k] = checkedIndex('indexSelect', raw[k], size);
  const n = idx.length;
  const shape = [...x.shape];
  shape[d] = n;
  const out = new Float32Array(outer * n * inner);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < n; k++) {
      const from = (o * size + idx[k]) * inner;
      out.set(x.data.subarray(from, from + inner), (o * n + k) * inner);
    }
  }
  return makeResult(out, shape, {
    op: 'indexSelect',
    inputs: [x],
    backward: (g) => {
      const gx = new Float32Array(x.size);
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < n; k++) {
          const dst = (o * size + idx[k]) * inner;
          const src = (o * n + k) * inner;
          for (let i = 0; i < inner; i++) gx[dst + i] += g[src + i];
        }
      }
      return [gx];
    },
  });
}

/**
 * out[…, j, …] = x[…, index[…, j, …], …] along `dim`, like `torch.gather`: `index` has x's
 * rank, no larger than x off `dim`, and out takes index's shape. Gradients of repeats add.
 * @throws ShapeError for a rank or size mismatch or an index out of range.
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim('gather', dim, x.ndim);
  if (index.ndim !== x.ndim) {
    throw new ShapeError(`gather: index must have ${x.ndim} dimensions, got ${index.ndim}.`);
  }
  for (let i = 0; i < x.ndim; i++) {
    if (i !== d && index.shape[i] > x.shape[i]) {
      throw new ShapeError(
        `gather: index.size(${i}) must be at most ${x.shape[i]}, got ${index.shape[i]}.`,
      );
    }
  }
  const nd = x.ndim;
  const xs = stridesOf(x.shape);
  const size = nd === 0 ? 1 : x.shape[d];
  // Source offset of every output element, computed once and reused by the backward.
  const src = new Int32Array(index.size);
  const counter = new Int32Array(nd);
  let base = 0;
  for (let k = 0; k < index.size; k++) {
    const v = checkedIndex('gather', index.data[k], size);
    src[k] = base + (nd === 0 ? 0 : v * xs[d]);
    for (let i = nd - 1; i >= 0; i--) {
      counter[i]++;
      if (i !== d) base += xs[i];
      if (counter[i] < index.shape[i]) break;
      if (i !== d) base -= xs[i] * index.shape[i];
      counter[i] = 0;
    }
  }
  const out = new Float32Array(index.size);
  for (let k = 0; k < out.length; k++) out[k] = x.data[src[k]];
  return makeResult(out, index.shape, {
    op: 'gather',
    inputs: [x],
    backward: (g) => {
      const gx = new Float32Array(x.size);
      for (let k = 0; k < g.length; k++) gx[src[k]] += g[k];
      return [gx];
    },
  });
}

/**
 * x with `value` wherever `mask` (non-zero = true) is set; mask broadcasts to x's shape, and
 * the gradient is zero at the filled places.
 * @throws ShapeError when mask does not broadcast to x's shape.
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  const shape = broadcastShapes('maskedFill', x.shape, mask.shape);
  if (!sameShape(shape, x.shape)) {
    throw new ShapeError(
      `maskedFill: mask shape ${formatShape(mask.shape)} must broadcast to ${formatShape(x.shape)}, got broadcast shape ${formatShape(shape)}.`,
    );
  }
  const keep = expandMask(mask, shape);
  const out = new Float32Array(x.size);
  for (let i = 0; i < out.length; i++) out[i] = keep[i] === 0 ? value : x.data[i];
  return makeResult(out, shape, {
    op: 'maskedFill',
    inputs: [x],
    backward: (g) => {
      for (let i = 0; i < g.length; i++) if (keep[i] === 0) g[i] = 0;
      return [g];
    },
  });
}

/** 1 where `mask` (broadcast to `shape`) is zero, 0 where it is set. */
function expandMask(mask: Tensor, shape: readonly number[]): Uint8Array {
  const keep = new Uint8Array(sizeOf(shape));
  const plan = broadcastPlan(shape, [mask.shape]);
  const off = plan.offsets[0];
  const s = plan.inner[0];
  for (let r = 0; r < plan.rows; r++) {
    for (let j = 0; j < plan.n; j++) keep[r * plan.n + j] = mask.data[off[r] + j * s] === 0 ? 1 : 0;
  }
  return keep;
}

/** Broadcasts `t` to `shape` into a fresh array. */
function expandTo(
  t: Float32Array,
  tShape: readonly number[],
  shape: readonly number[],
): Float32Array {
  const out = new Float32Array(sizeOf(shape));
  const plan = broadcastPlan(shape, [tShape]);
  const off = plan.offsets[0];
  const s = plan.inner[0];
  for (let r = 0; r < plan.rows; r++) {
    for (let j = 0; j < plan.n; j++) out[r * plan.n + j] = t[off[r] + j * s];
  }
  return out;
}

/** Sums an out-shaped gradient back to `shape`, keeping entries where `keep[i] === want`. */
function gradWhere(
  g: Float32Array,
  keep: Uint8Array,
  want: number,
  outShape: readonly number[],
  shape: readonly number[],
): Float32Array {
  const dst = new Float32Array(sizeOf(shape));
  const plan = broadcastPlan(outShape, [shape]);
  const off = plan.offsets[0];
  const s = plan.inner[0];
  for (let r = 0; r < plan.rows; r++) {
    for (let j = 0; j < plan.n; j++) {
      const k = r * plan.n + j;
      if (keep[k] === want) dst[off[r] + j * s] += g[k];
    }
  }
  return dst;
}

/**
 * Elementwise `condition ? a : b` (condition non-zero = true), all three broadcast together;
 * `a` and `b` may be numbers.
 * @throws ShapeError when the shapes do not broadcast.
 */
export function where(condition: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const ta = typeof a === 'number' ? new Tensor(new Float32Array([a]), []) : a;
  const tb = typeof b === 'number' ? new Tensor(new Float32Array([b]), []) : b;
  const shape = broadcastShapes(
    'where',
    broadcastShapes('where', condition.shape, ta.shape),
    tb.shape,
  );
  // keep[i] = 1 where the condition is false (the mask helper's convention), i.e. b is taken.
  const takeB = expandMask(condition, shape);
  const av = expandTo(ta.data, ta.shape, shape);
  const bv = expandTo(tb.data, tb.shape, shape);
  const out = av;
  for (let i = 0; i < out.length; i++) if (takeB[i] === 1) out[i] = bv[i];
  return makeResult(out, shape, {
    op: 'where',
    inputs: [ta, tb],
    backward: (g) => [
      ta.requiresGrad ? gradWhere(g, takeB, 0, shape, ta.shape) : null,
      tb.requiresGrad ? gradWhere(g, takeB, 1, shape, tb.shape) : null,
    ],
  });
}
