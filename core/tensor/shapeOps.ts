/** Differentiable shape ops: reshape/view, squeeze, transpose/permute, narrow/slice, concat, stack. */

import { ShapeError } from '../errors.ts';
import { acquireArray } from '../kernels/arrayPool.ts';
import { getBackend } from '../kernels/backend.ts';
import { makeResult } from './autograd.ts';
import { formatShape, normalizeDim, splitAt } from './shape.ts';
import { sizeOf, type Tensor } from './tensor.ts';

/**
 * The same values in a new shape; one entry may be −1 (inferred). Shares the data (tensors are
 * always contiguous), so this costs no copy.
 * @throws ShapeError when the shape does not fit the number of elements.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const out = [...shape];
  const infer = out.indexOf(-1);
  const bad = () =>
    new ShapeError(
      `reshape: shape ${formatShape(shape)} must be valid for input of size ${x.size}, got shape ${formatShape(x.shape)}.`,
    );
  if (out.some((d, i) => !Number.isInteger(d) || d < -1 || (d === -1 && i !== infer))) throw bad();
  if (infer >= 0) {
    const known = sizeOf(out.filter((_, i) => i !== infer));
    if (known === 0 || x.size % known !== 0) throw bad();
    out[infer] = x.size / known;
  }
  if (sizeOf(out) !== x.size) throw bad();
  return makeResult(x.data, out, { op: 'reshape', inputs: [x], backward: (g) => [g] });
}

/** Same as `reshape` (every tensor is contiguous here). @throws ShapeError as `reshape`. */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  return reshape(x, shape);
}

/** All elements as a 1-D tensor [size]. */
export function flatten(x: Tensor): Tensor {
  return reshape(x, [x.size]);
}

/** Inserts a dimension of size 1 at `dim` (in [−ndim−1, ndim]). @throws ShapeError if out of range. */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim('unsqueeze', dim, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

/**
 * Removes dimension `dim` if it has size 1 (a no-op otherwise, as in PyTorch), or every
 * size-1 dimension when `dim` is omitted.
 * @throws ShapeError for a dim out of range.
 */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined)
    return reshape(
      x,
      x.shape.filter((s) => s !== 1),
    );
  const d = normalizeDim('squeeze', dim, x.ndim);
  if (x.ndim === 0 || x.shape[d] !== 1) return reshape(x, x.shape);
  return reshape(
    x,
    x.shape.filter((_, i) => i !== d),
  );
}

/**
 * Reorders the axes: output axis j is input axis `dims[j]` (negative allowed). Copies.
 * @throws ShapeError when `dims` is not a permutation of the axes.
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const nd = x.ndim;
  const bad = () =>
    new ShapeError(
      `permute: dims must be a permutation of ${nd} dimensions, got ${formatShape(dims)}.`,
    );
  if (dims.length !== nd) throw bad();
  const perm = dims.map((d) => {
    if (!Number.isInteger(d) || d < -nd || d >= nd) throw bad();
    return d < 0 ? d + nd : d;
  });
  if (new Set(perm).size !== nd) throw bad();
  const outShape = perm.map((p) => x.shape[p]);
  const inverse = new Array<number>(nd);
  perm.forEach((p, j) => {
    inverse[p] = j;
  });
  const out = acquireArray(x.size, { zero: false });
  getBackend().permuteCopy(x.data, x.shape, perm, out);
  return makeResult(out, outShape, {
    op: 'permute',
    inputs: [x],
    // The rule reads g during the call only.
    releasesGradOutput: true,
    backward: (g) => {
      const gx = acquireArray(x.size, { zero: false });
      getBackend().permuteCopy(g, outShape, inverse, gx);
      return [gx];
    },
  });
}

/** Swaps two axes (negative allowed); copies. @throws ShapeError for a dim out of range. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeDim('transpose', dim0, x.ndim);
  const b = normalizeDim('transpose', dim1, x.ndim);
  if (x.ndim === 0) return reshape(x, x.shape);
  const perm = x.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

/**
 * Elements [start, start + length) along `dim` (a negative start counts from the end), like
 * `torch.narrow`. Copies.
 * @throws ShapeError when the range leaves the dimension.
 */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.ndim === 0) throw new ShapeError('narrow: input must have at least 1 dimension, got 0.');
  const d = normalizeDim('narrow', dim, x.ndim);
  const [outer, size, inner] = splitAt(x.shape, d);
  const s = start < 0 ? start + size : start;
  if (
    !Number.isInteger(s) ||
    !Number.isInteger(length) ||
    s < 0 ||
    length < 0 ||
    s + length > size
  ) {
    throw new ShapeError(
      `narrow: start + length must be within [0, ${size}] of dim ${dim}, got start ${start} and length ${length}.`,
    );
  }
  const shape = [...x.shape];
  shape[d] = length;
  const out = new Float32Array(outer * length * inner);
  getBackend().copySlab({
    src: x.data,
    srcSize: size,
    start: s,
    dst: out,
    dstSize: length,
    at: 0,
    length,
    outer,
    inner,
  });
  return makeResult(out, shape, {
    op: 'narrow',
    inputs: [x],
    backward: (g) => {
      // From the array pool, zero-filled: a recurrent layer's output gradient (its last step
      // narrowed, as W1 and the forecast task do) goes back once the layer's backward has read it.
      const gx = acquireArray(x.size, { zero: true });
      getBackend().copySlab({
        src: g,
        srcSize: length,
        start: 0,
        dst: gx,
        dstSize: size,
        at: s,
        length,
        outer,
        inner,
      });
      return [gx];
    },
  });
}

/** The same as `narrow(x, dim, start, length)`. @throws ShapeError as `narrow` does. */
export function slice(x: Tensor, dim: number, start: number, length: number): Tensor {
  return narrow(x, dim, start, length);
}

/**
 * Joins tensors along an existing `dim`; all other sizes must match, like `torch.cat`.
 * @throws ShapeError for an empty list, differing ranks or differing sizes off `dim`.
 */
export function concat(tensors: readonly Tensor[], dim: number): Tensor {
  const first = tensors[0];
  if (first === undefined)
    throw new ShapeError('concat: tensors must be a non-empty list, got 0 tensors.');
  if (first.ndim === 0)
    throw new ShapeError('concat: tensors must have at least 1 dimension, got 0.');
  const d = normalizeDim('concat', dim, first.ndim);
  let total = 0;
  tensors.forEach((t, k) => {
    if (t.ndim !== first.ndim) {
      throw new ShapeError(
        `concat: tensors[${k}] must have ${first.ndim} dimensions, got ${t.ndim}.`,
      );
    }
    for (let i = 0; i < t.ndim; i++) {
      if (i !== d && t.shape[i] !== first.shape[i]) {
        throw new ShapeError(
          `concat: tensors[${k}].size(${i}) must equal ${first.shape[i]}, got ${t.shape[i]}.`,
        );
      }
    }
    total += t.shape[d];
  });
  const [outer, , inner] = splitAt(first.shape, d);
  const shape = [...first.shape];
  shape[d] = total;
  // From the array pool: the slabs cover every position.
  const out = acquireArray(sizeOf(shape), { zero: false });
  const starts: number[] = [];
  let at = 0;
  for (const t of tensors) {
    const length = t.shape[d];
    starts.push(at);
    getBackend().copySlab({
      src: t.data,
      srcSize: length,
      start: 0,
      dst: out,
      dstSize: total,
      at,
      length,
      outer,
      inner,
    });
    at += length;
  }
  return makeResult(out, shape, {
    op: 'concat',
    inputs: tensors,
    // The rule reads g during the call only; each slice fills a pooled array.
    releasesGradOutput: true,
    backward: (g) =>
      tensors.map((t, k) => {
        if (!t.requiresGrad) return null;
        const length = t.shape[d];
        const gt = acquireArray(t.size, { zero: false });
        getBackend().copySlab({
          src: g,
          srcSize: total,
          start: starts[k],
          dst: gt,
          dstSize: length,
          at: 0,
          length,
          outer,
          inner,
        });
        return gt;
      }),
  });
}

/**
 * Joins same-shaped tensors along a new axis `dim` (in [−ndim−1, ndim]), like `torch.stack`.
 * @throws ShapeError for an empty list or differing shapes.
 */
export function stack(tensors: readonly Tensor[], dim: number): Tensor {
  const first = tensors[0];
  if (first === undefined)
    throw new ShapeError('stack: tensors must be a non-empty list, got 0 tensors.');
  tensors.forEach((t, k) => {
    if (t.ndim !== first.ndim || t.shape.some((s, i) => s !== first.shape[i])) {
      throw new ShapeError(
        `stack: tensors[${k}] must have shape ${formatShape(first.shape)}, got ${formatShape(t.shape)}.`,
      );
    }
  });
  const d = normalizeDim('stack', dim, first.ndim + 1);
  return concat(
    tensors.map((t) => unsqueeze(t, d)),
    d,
  );
}
