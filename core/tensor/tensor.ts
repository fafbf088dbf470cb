/** Tensor: a float32, row-major array with a shape, an optional gradient, and its autograd node. */
import { ShapeError } from '../errors.ts';
import { formatShape } from './shape.ts';

/** How a tensor was made: the inputs it depends on and how to send its gradient back to them. */
export interface GradNode {
  /** The op's name, for error messages and debugging (e.g. 'matmul'). */
  readonly op: string;
  /** The tensors this one was computed from. */
  readonly inputs: readonly Tensor[];
  /**
   * Given the gradient of this tensor's output, returns one gradient per input
   * (null where an input needs none). Each returned array has that input's size, is not
   * shared with another input's gradient or any tensor's data: the engine may add into it in
   * place. `gradOutput` belongs to the node: it may be overwritten or returned for one input.
   */
  backward(gradOutput: Float32Array): (Float32Array | null)[];
  /**
   * Set by rules that read `gradOutput` only during the call and never return or keep it: the
   * engine may then give it back to the array pool (core/kernels/arrayPool.ts) for the next step.
   */
  readonly releasesGradOutput?: boolean;
}

/** Numbers nested in rectangular arrays, e.g. `[[1, 2], [3, 4]]`. */
export type NestedArray = (number | NestedArray)[];

export interface TensorOptions {
  /** Whether gradients flow to this tensor (leaf parameters and inputs under test). */
  requiresGrad?: boolean;
}

/** Number of elements of a shape; [] is a scalar with one element. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Options of reductions over a dimension. */
export interface ReduceOptions {
  /** Keep the reduced dimension with size 1, like PyTorch's `keepdim=True`. */
  keepdim?: boolean;
}

/**
 * The differentiable methods, installed on `Tensor.prototype` by core/tensor/ops.ts (which
 * core/index.ts re-exports, so importing the core always installs them). Code that calls them
 * must import ops.ts or core/index.ts, not just this file or a single op module. Each one calls the
 * function of the same name in core/tensor/*.ts; shapes and errors are documented there.
 */
export interface Tensor {
  add(other: Tensor | number): Tensor;
  sub(other: Tensor | number): Tensor;
  mul(other: Tensor | number): Tensor;
  div(other: Tensor | number): Tensor;
  neg(): Tensor;
  pow(exponent: number): Tensor;
  tanh(): Tensor;
  sigmoid(): Tensor;
  relu(): Tensor;
  exp(): Tensor;
  log(): Tensor;
  sqrt(): Tensor;
  abs(): Tensor;
  clamp(min?: number, max?: number): Tensor;
  matmul(other: Tensor): Tensor;
  sum(dim?: number | readonly number[], options?: ReduceOptions): Tensor;
  mean(dim?: number | readonly number[], options?: ReduceOptions): Tensor;
  max(dim?: number, options?: ReduceOptions): Tensor;
  min(dim?: number, options?: ReduceOptions): Tensor;
  argmax(dim?: number, options?: ReduceOptions): Tensor;
  softmax(dim: number): Tensor;
  logSoftmax(dim: number): Tensor;
  reshape(shape: readonly number[]): Tensor;
  view(shape: readonly number[]): Tensor;
  flatten(): Tensor;
  unsqueeze(dim: number): Tensor;
  squeeze(dim?: number): Tensor;
  transpose(dim0: number, dim1: number): Tensor;
  permute(dims: readonly number[]): Tensor;
  narrow(dim: number, start: number, length: number): Tensor;
  slice(dim: number, start: number, length: number): Tensor;
  indexSelect(dim: number, index: Tensor | Int32Array | readonly number[]): Tensor;
  gather(dim: number, index: Tensor): Tensor;
  maskedFill(mask: Tensor, value: number): Tensor;
  where(condition: Tensor, other: Tensor | number): Tensor;
  /**
   * Back-propagates from this tensor into every leaf's `.grad`.
   * @throws ShapeError when this tensor has more than one element and no gradient is given.
   */
  backward(gradient?: Tensor | Float32Array): void;
}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the methods declared in the interface above are installed on the prototype by ops.ts, which avoids an import cycle.
export class Tensor {
  readonly shape: readonly number[];
  /** Row-major values; length equals the product of `shape`. */
  data: Float32Array;
  /** Accumulated gradient after `backward()`; same shape as this tensor. */
  grad: Tensor | null = null;
  requiresGrad: boolean;
  /** The op that produced this tensor; null for leaves. */
  gradNode: GradNode | null = null;

  constructor(data: Float32Array, shape: readonly number[], options: TensorOptions = {}) {
    if (data.length !== sizeOf(shape)) {
      throw new ShapeError(
        `Tensor: data length must equal the product of shape ${formatShape(shape)} (${sizeOf(shape)}), got ${data.length}.`,
      );
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.requiresGrad = options.requiresGrad ?? false;
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /**
   * The single value of a one-element tensor.
   * @throws ShapeError for a tensor with more than one element.
   */
  item(): number {
    if (this.data.length !== 1) {
      throw new ShapeError(
        `item: tensor must have exactly one element, got shape ${formatShape(this.shape)}.`,
      );
    }
    return this.data[0] as number;
  }

  /** A copy of the values as nested arrays (a number for a 0-d tensor), like `tolist()`. */
  tolist(): number | NestedArray {
    if (this.shape.length === 0) return this.data[0];
    const build = (dim: number, offset: number): NestedArray => {
      const n = this.shape[dim];
      const out: NestedArray = [];
      if (dim === this.shape.length - 1) {
        for (let i = 0; i < n; i++) out.push(this.data[offset + i]);
        return out;
      }
      const step = sizeOf(this.shape.slice(dim + 1));
      for (let i = 0; i < n; i++) out.push(build(dim + 1, offset + i * step));
      return out;
    };
    return build(0, 0);
  }

  /** A new leaf with the same values and no graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  toString(): string {
    return `Tensor(shape=${formatShape(this.shape)}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }
}
