/** Inverted dropout: zeroes each element with probability p in training and scales the rest by 1/(1 − p). */

import { ConfigError } from '../errors.ts';
import { acquireArray, releaseArray } from '../kernels/arrayPool.ts';
import { getBackend } from '../kernels/backend.ts';
import { globalRandom, type Random } from '../random.ts';
import { makeResult, releaseDataAfterBackward } from '../tensor/autograd.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';

export interface DropoutOptions {
  /** Probability of zeroing an element. */
  p: number;
  /** The generator the masks are drawn from; default `globalRandom`. */
  random?: Random;
  /** Take the result's array from the array pool (for a caller that gives it back). */
  pooled?: boolean;
}

/**
 * y = x ⊙ m / (1 − p) with m ~ Bernoulli(1 − p) per element; p = 1 gives zeros.
 * One draw per element, in row-major order, from `random`.
 * @param x any shape; the result has the same shape.
 */
export function dropout(x: Tensor, options: DropoutOptions): Tensor {
  const { p } = options;
  const random = options.random ?? globalRandom;
  const scale = p < 1 ? 1 / (1 - p) : 0;
  // The mask is private to this op and read once, by its backward: it comes from the array pool
  // and goes back after that backward (a training step reuses the last step's).
  let mask: Float32Array | null = acquireArray(x.size, { zero: false });
  const out =
    options.pooled === true ? acquireArray(x.size, { zero: false }) : new Float32Array(x.size);
  // NOTE: the draws run on local integers (the same xoshiro128** stream as random.next()).
  const after = getBackend().dropoutMask(random.getState(), { p, scale, x: x.data, out, mask });
  random.continueFrom(after);
  return makeResult(out, x.shape, {
    op: 'dropout',
    inputs: [x],
    backward(g) {
      // PyTorch parity: a recorded graph is backpropagated once (torch refuses a second backward
      // without retain_graph), so the mask is given back after the first.
      if (mask === null) {
        throw new Error(
          'dropout: backward must run once per forward, got a second backward of the same graph.',
        );
      }
      // The engine hands a rule its gradient to own: the product is written in place.
      getBackend().binarySame('mul', g, mask, g);
      releaseArray(mask);
      mask = null;
      return [g];
    },
  });
}

/**
 * {@link dropout} whose result one consumer reads (in its forward and in its backward, which the
 * backward walk runs before this op's) and no one keeps past the backward: the result's array
 * comes from the array pool and goes back to it once the walk has passed this op. A fresh array
 * each step costs a Chromium worker ~10× what a reused one does (docs/benchmarks.md).
 */
export function dropoutForConsumer(x: Tensor, options: Omit<DropoutOptions, 'pooled'>): Tensor {
  return releaseDataAfterBackward(dropout(x, { ...options, pooled: true }));
}

/** `nn.Dropout`: inverted dropout in training mode, the identity after `eval()`. */
export class Dropout extends Module {
  readonly typeName = 'Dropout';
  readonly p: number;
  private readonly random: Random;

  /**
   * @param options.p drop probability in [0, 1); default 0.5.
   * @throws ConfigError when p is outside [0, 1).
   */
  constructor(options: { p?: number; random?: Random } = {}) {
    super();
    const p = options.p ?? 0.5;
    // PyTorch parity: torch accepts p = 1 (all zeros); a layer that always outputs zeros is a
    // configuration mistake here, so it is refused.
    if (!(p >= 0 && p < 1)) {
      throw new ConfigError(`Dropout: p must be in [0, 1), got ${p}.`);
    }
    this.p = p;
    this.random = options.random ?? globalRandom;
  }

  /** Same shape as `x`. */
  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    return dropout(x, { p: this.p, random: this.random });
  }
}
