/** Tensor: a float32, row-major array with a shape, an optional gradient, and its autograd node. */
import { ShapeError } from '../errors.ts';

/** How a tensor was made: the inputs it depends on and how to send its gradient back to them. */
export interface GradNode {
  /** The op's name, for error messages and debugging (e.g. 'matmul'). */
  readonly op: string;
  /** The tensors this one was computed from. */
  readonly inputs: readonly Tensor[];
  /**
   * Given the gradient of this tensor's output, returns one gradient per input
   * (null where an input needs none). Each returned array has that input's size and
   * must be freshly allocated: the engine may add into it in place.
   */
  backward(gradOutput: Float32Array): (Float32Array | null)[];
}

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
        `Tensor: data length must equal the product of shape [${shape.join(', ')}] (${sizeOf(shape)}), got ${data.length}.`,
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
        `item: tensor must have exactly one element, got shape [${this.shape.join(', ')}].`,
      );
    }
    return this.data[0] as number;
  }

  /** A new leaf with the same values and no graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  toString(): string {
    return `Tensor(shape=[${this.shape.join(', ')}]${this.requiresGrad ? ', requiresGrad' : ''})`;
  }
}
