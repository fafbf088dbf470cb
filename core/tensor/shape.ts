/** Shape arithmetic shared by the ops: dimension normalisation, broadcasting, strides. */
import { ShapeError } from '../errors.ts';

/** `[2, 3]` → `'[2, 3]'`, the form every shape error prints. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Maps a PyTorch-style dimension (negative counts from the end) into `[0, ndim)`.
 * @throws ShapeError when `dim` is outside `[-ndim, ndim)`.
 */
export function normalizeDim(where: string, dim: number, ndim: number): number {
  // PyTorch parity: a 0-d tensor accepts dim 0 and -1 as if it had one dimension.
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new ShapeError(`${where}: dim must be in [${-n}, ${n - 1}], got ${dim}.`);
  }
  return dim < 0 ? dim + n : dim;
}

/**
 * The NumPy broadcast of two shapes: aligned from the right, each pair equal or one of them 1.
 * @throws ShapeError when a pair of sizes differs and neither is 1.
 */
export function broadcastShapes(
  where: string,
  a: readonly number[],
  b: readonly number[],
): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${where}: shapes must be broadcastable, got ${formatShape(a)} and ${formatShape(b)}.`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Row-major strides of a contiguous tensor of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i] as number;
  }
  return strides;
}

/** Whether two shapes are identical. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Splits `shape` around `dim` into [outer, size, inner] so that element (o, d, i) sits at
 * `(o * size + d) * inner + i` — the layout every per-dimension kernel walks.
 */
export function splitAt(shape: readonly number[], dim: number): [number, number, number] {
  let outer = 1;
  for (let i = 0; i < dim; i++) outer *= shape[i] as number;
  let inner = 1;
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i] as number;
  return [outer, shape[dim] ?? 1, inner];
}
