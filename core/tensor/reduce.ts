/** Differentiable reductions (sum, mean, max, min) and softmax / log-softmax along a dimension. */

import { ShapeError } from '../errors.ts';
import { getBackend } from '../kernels/backend.ts';
import { makeResult } from './autograd.ts';
import { neg } from './elementwise.ts';
import { formatShape, normalizeDim, splitAt } from './shape.ts';
import { type ReduceOptions, Tensor } from './tensor.ts';

/** The shape after reducing `dim` (or every dim when `dim` is null). */
function reducedShape(shape: readonly number[], dim: number | null, keepdim: boolean): number[] {
  if (dim === null) return keepdim ? shape.map(() => 1) : [];
  if (keepdim) return shape.map((d, i) => (i === dim ? 1 : d));
  return shape.filter((_, i) => i !== dim);
}

/** One sum over `dim` (null: everything), times `scale`: the primitive behind sum and mean. */
function sumOne(x: Tensor, dim: number | null, keepdim: boolean, scale: number): Tensor {
  const [outer, size, inner] = dim === null ? [1, x.size, 1] : splitAt(x.shape, dim);
  const out = new Float32Array(outer * inner);
  getBackend().sumDim(x.data, outer, size, inner, out);
  if (scale !== 1) getBackend().binaryScalar('mul', out, scale, out, false);
  return makeResult(out, reducedShape(x.shape, dim, keepdim), {
    op: scale === 1 ? 'sum' : 'mean',
    inputs: [x],
    backward: (g) => {
      const gx = new Float32Array(x.size);
      getBackend().expandDim(g, outer, size, inner, scale, gx);
      return [gx];
    },
  });
}

function normalizeDims(where: string, dims: readonly number[], ndim: number): number[] {
  const out = dims.map((d) => normalizeDim(where, d, ndim));
  if (new Set(out).size !== out.length) {
    throw new ShapeError(`${where}: dims must be distinct, got ${formatShape(dims)}.`);
  }
  return out.sort((p, q) => q - p);
}

function sumOrMean(
  where: 'sum' | 'mean',
  x: Tensor,
  dim: number | readonly number[] | undefined,
  keepdim: boolean,
): Tensor {
  const isMean = where === 'mean';
  if (dim === undefined) return sumOne(x, null, keepdim, isMean ? 1 / x.size : 1);
  const dims = normalizeDims(where, typeof dim === 'number' ? [dim] : dim, x.ndim);
  // Reduce the highest dim first so the lower indices stay valid.
  let y = x;
  for (const d of dims) {
    const size = x.ndim === 0 ? 1 : (x.shape[d] as number);
    y = sumOne(y, x.ndim === 0 ? null : d, keepdim, isMean ? 1 / size : 1);
  }
  return y;
}

/**
 * Sum of all elements (shape []), or over `dim` (a number or several; negative counts from the
 * end), dropping it unless `keepdim`.
 * @throws ShapeError for a dim out of range or repeated.
 */
export function sum(
  x: Tensor,
  dim?: number | readonly number[],
  options: ReduceOptions = {},
): Tensor {
  return sumOrMean('sum', x, dim, options.keepdim ?? false);
}

/** Mean of all elements, or over `dim`, like `sum`. @throws ShapeError for a bad dim. */
export function mean(
  x: Tensor,
  dim?: number | readonly number[],
  options: ReduceOptions = {},
): Tensor {
  return sumOrMean('mean', x, dim, options.keepdim ?? false);
}

function maxAlong(
  x: Tensor,
  dim: number | null,
): {
  values: Float32Array;
  arg: Int32Array;
  split: [number, number, number];
} {
  const split: [number, number, number] =
    dim === null || x.ndim === 0 ? [1, x.size, 1] : splitAt(x.shape, dim);
  const [outer, size, inner] = split;
  if (size === 0) {
    throw new ShapeError('max: the reduced dimension must not be empty, got size 0.');
  }
  const values = new Float32Array(outer * inner);
  const arg = new Int32Array(outer * inner);
  getBackend().maxDim(x.data, outer, size, inner, values, arg);
  return { values, arg, split };
}

/**
 * The maximum of all elements (shape []), or the maxima over `dim`. The gradient goes to the
 * first maximal element along `dim`; over all elements it is shared evenly among ties.
 * @throws ShapeError for a dim out of range or an empty tensor.
 */
export function max(x: Tensor, dim?: number, options: ReduceOptions = {}): Tensor {
  const keepdim = options.keepdim ?? false;
  const d = dim === undefined ? null : normalizeDim('max', dim, x.ndim);
  const { values, arg, split } = maxAlong(x, d);
  const [outer, size, inner] = split;
  return makeResult(values, reducedShape(x.shape, x.ndim === 0 ? null : d, keepdim), {
    op: 'max',
    inputs: [x],
    backward: (g) => {
      const gx = new Float32Array(x.size);
      if (d === null) {
        // PyTorch parity: a full max() shares the gradient evenly among tied maxima.
        const m = values[0];
        let ties = 0;
        for (let i = 0; i < x.size; i++) if (x.data[i] === m) ties++;
        const share = g[0] / ties;
        for (let i = 0; i < x.size; i++) if (x.data[i] === m) gx[i] = share;
        return [gx];
      }
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          const k = o * inner + i;
          gx[(o * size + arg[k]) * inner + i] = g[k];
        }
      }
      return [gx];
    },
  });
}

/** The minimum, like `max` (computed as −max(−x)). @throws ShapeError as `max` does. */
export function min(x: Tensor, dim?: number, options: ReduceOptions = {}): Tensor {
  return neg(max(neg(x), dim, options));
}

/**
 * Index of the first maximum over `dim` (or of the flattened tensor), as float values; not
 * differentiable.
 * @throws ShapeError for a dim out of range or an empty tensor.
 */
export function argmax(x: Tensor, dim?: number, options: ReduceOptions = {}): Tensor {
  const d = dim === undefined ? null : normalizeDim('argmax', dim, x.ndim);
  const { arg } = maxAlong(x, d);
  return new Tensor(
    Float32Array.from(arg),
    reducedShape(x.shape, x.ndim === 0 ? null : d, options.keepdim ?? false),
  );
}

function softmaxOp(where: 'softmax' | 'logSoftmax', x: Tensor, dim: number): Tensor {
  const d = normalizeDim(where, dim, x.ndim);
  const [outer, size, inner] = x.ndim === 0 ? [1, 1, 1] : splitAt(x.shape, d);
  const log = where === 'logSoftmax';
  const y = new Float32Array(x.size);
  getBackend().softmaxDim(x.data, outer, size, inner, y, { log });
  return makeResult(y, x.shape, {
    op: where,
    inputs: [x],
    backward: (g) => {
      const gx = new Float32Array(x.size);
      getBackend().softmaxBackwardDim(g, y, outer, size, inner, gx, { log });
      return [gx];
    },
  });
}

/** softmax over `dim`, same shape. @throws ShapeError for a dim out of range. */
export function softmax(x: Tensor, dim: number): Tensor {
  return softmaxOp('softmax', x, dim);
}

/** log(softmax(x)) over `dim`, computed stably, same shape. @throws ShapeError for a bad dim. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return softmaxOp('logSoftmax', x, dim);
}
