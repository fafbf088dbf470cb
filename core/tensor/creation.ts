/** Tensor factories: from nested arrays, flat data or a scalar; constant, range and random fills. */
import { ShapeError } from '../errors.ts';
import { globalRandom, type Random } from '../random.ts';
import { formatShape } from './shape.ts';
import { type NestedArray, sizeOf, Tensor, type TensorOptions } from './tensor.ts';

/** What `tensor()` accepts: a scalar, nested number arrays, or flat values (with a shape). */
export type TensorData = number | NestedArray | readonly number[] | Float32Array;

function inferShape(data: NestedArray | readonly number[]): number[] {
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  return shape;
}

function flatten(data: NestedArray | readonly number[], shape: number[], out: Float32Array): void {
  let at = 0;
  const walk = (level: unknown, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (typeof level !== 'number') {
        throw new ShapeError(
          `tensor: element ${path} must be a number, got ${Array.isArray(level) ? 'an array' : typeof level}.`,
        );
      }
      out[at++] = level;
      return;
    }
    if (!Array.isArray(level) || level.length !== shape[dim]) {
      const got = Array.isArray(level) ? `length ${level.length}` : typeof level;
      throw new ShapeError(
        `tensor: nested arrays must be rectangular: element ${path} must be an array of length ${shape[dim]}, got ${got}.`,
      );
    }
    for (let i = 0; i < level.length; i++) walk(level[i], dim + 1, `${path}[${i}]`);
  };
  walk(data, 0, 'data');
}

/**
 * Makes a leaf tensor from a scalar (shape []), nested arrays (shape inferred), or flat values
 * with an optional `shape` (default: 1-D). The values are always copied.
 * `tensor([[1, 2], [3, 4]], { requiresGrad: true })` and `tensor(flat, [2, 2])` both work.
 * @throws ShapeError for ragged nested arrays or a shape that does not match the data's size.
 */
export function tensor(
  data: TensorData,
  shapeOrOptions?: readonly number[] | TensorOptions,
  options: TensorOptions = {},
): Tensor {
  let shape: readonly number[] | undefined;
  if (Array.isArray(shapeOrOptions)) shape = shapeOrOptions;
  else if (shapeOrOptions !== undefined) options = shapeOrOptions as TensorOptions;
  let values: Float32Array;
  let inferred: number[];
  if (typeof data === 'number') {
    values = new Float32Array([data]);
    inferred = [];
  } else if (data instanceof Float32Array) {
    values = Float32Array.from(data);
    inferred = [data.length];
  } else {
    inferred = inferShape(data);
    values = new Float32Array(sizeOf(inferred));
    flatten(data, inferred, values);
  }
  if (shape === undefined) return new Tensor(values, inferred, options);
  if (sizeOf(shape) !== values.length) {
    throw new ShapeError(
      `tensor: shape ${formatShape(shape)} must have as many elements as the data (${values.length}), got ${sizeOf(shape)}.`,
    );
  }
  return new Tensor(values, shape, options);
}

function checkShape(where: string, shape: readonly number[]): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(
        `${where}: shape must hold non-negative integers, got ${formatShape(shape)}.`,
      );
    }
  }
}

/** A tensor of `shape` filled with `value`. @throws ShapeError for a malformed shape. */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  checkShape('full', shape);
  return new Tensor(new Float32Array(sizeOf(shape)).fill(value), shape, options);
}

/** A tensor of `shape` filled with 0. @throws ShapeError for a malformed shape. */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  checkShape('zeros', shape);
  return new Tensor(new Float32Array(sizeOf(shape)), shape, options);
}

/** A tensor of `shape` filled with 1. @throws ShapeError for a malformed shape. */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}

/**
 * `arange(end)` or `arange(start, end, step)`: the 1-D tensor start, start + step, … < end
 * (> end for a negative step), like `torch.arange`.
 * @throws ShapeError when step is 0 or not finite.
 */
export function arange(start: number, end?: number, step = 1): Tensor {
  if (end === undefined) {
    end = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step)) {
    throw new ShapeError(`arange: step must be a non-zero finite number, got ${step}.`);
  }
  const n = Math.max(0, Math.ceil((end - start) / step));
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return new Tensor(values, [n]);
}

const ONE_BELOW = 1 - 2 ** -24;

/** Samples of U[0, 1) in `shape`, drawn from `rng` (the global generator by default). */
export function rand(
  shape: readonly number[],
  rng: Random = globalRandom,
  options: TensorOptions = {},
): Tensor {
  checkShape('rand', shape);
  const values = new Float32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) {
    values[i] = rng.next();
    // NOTE: rounding to float32 can turn 1 − 2⁻³² into 1; keep the interval half-open.
    if (values[i] === 1) values[i] = ONE_BELOW;
  }
  return new Tensor(values, shape, options);
}

/** Samples of N(0, 1) in `shape`, drawn from `rng` (the global generator by default). */
export function randn(
  shape: readonly number[],
  rng: Random = globalRandom,
  options: TensorOptions = {},
): Tensor {
  checkShape('randn', shape);
  const values = new Float32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = rng.normal();
  return new Tensor(values, shape, options);
}
