/** `nn.Linear`: y = x·Wᵀ + b as one fused gemm (transB, bias) with its backward. */

import { ConfigError, ShapeError } from '../errors.ts';
import { acquireArray } from '../kernels/arrayPool.ts';
import { getBackend } from '../kernels/backend.ts';
import { globalRandom, type Random } from '../random.ts';
import { makeResult } from '../tensor/autograd.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';

export interface LinearOptions {
  /** Generator for the initial weights; default `globalRandom`. */
  random?: Random;
  /** Add a learnable bias; default true. */
  bias?: boolean;
}

/**
 * The sizes of y = x·Wᵀ + b: rows of x (every leading axis flattened), in- and out-features.
 * @param x [..., in] (at least 1-D); @param weight [out, in].
 * @throws ShapeError when x's last size is not `weight`'s in-size.
 */
export function linearSizes(
  x: Tensor,
  weight: Tensor,
): { rows: number; inF: number; outF: number } {
  const [outF, inF] = weight.shape as [number, number];
  const last = x.shape[x.shape.length - 1];
  if (x.shape.length === 0 || last !== inF) {
    throw new ShapeError(
      `Linear: input.size(-1) must equal inFeatures ${inF}, got ${x.shape.length === 0 ? 'a scalar' : last}.`,
    );
  }
  return { rows: x.size / inF, inF, outF };
}

/**
 * y = x·W_ᵀ + b with W [out, in] (PyTorch's layout), one gemm with transB and the bias fused.
 * @param x [..., in] (at least 1-D).
 * @returns [..., out].
 * @throws ShapeError when x's last size is not `weight`'s in-size.
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  const { rows, inF, outF } = linearSizes(x, weight);
  // From the array pool (a gemm with beta 0 writes C without reading it); a caller that knows its
  // last reader gives it back.
  const out = acquireArray(rows * outF, { zero: false });
  const gemm = getBackend().gemm;
  gemm({
    m: rows,
    n: outF,
    k: inF,
    a: x.data,
    b: weight.data,
    c: out,
    transB: true,
    ...(bias === null ? {} : { bias: bias.data }),
  });
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  return makeResult(out, [...x.shape.slice(0, -1), outF], {
    op: 'linear',
    inputs,
    // The backend copies g into its own memory (wasm) or reads it in place (TypeScript).
    releasesGradOutput: true,
    backward(g) {
      const grads = getBackend().linearBackward({
        rows,
        inF,
        outF,
        g,
        x: x.data,
        weight: weight.data,
        needDx: x.requiresGrad,
        needDb: bias !== null,
      });
      return bias === null ? [grads.dx, grads.dw] : [grads.dx, grads.dw, grads.db];
    },
  });
}

/** `nn.Linear(inFeatures, outFeatures)` with parameters `weight` [out, in] and `bias` [out]. */
export class Linear extends Module {
  readonly typeName = 'Linear';
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  /**
   * Initialised as PyTorch: kaiming-uniform with a = √5, i.e. U(±1/√in) for the weight, and
   * U(±1/√in) for the bias, drawn weight first.
   * @throws ConfigError when a size is not a positive integer.
   */
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    for (const [name, v] of [
      ['inFeatures', inFeatures],
      ['outFeatures', outFeatures],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0) {
        throw new ConfigError(`Linear: ${name} must be a positive integer, got ${v}.`);
      }
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const random = options.random ?? globalRandom;
    const bound = 1 / Math.sqrt(inFeatures);
    const w = random.fillUniform(new Float32Array(outFeatures * inFeatures), -bound, bound);
    this.weight = this.registerParameter('weight', new Tensor(w, [outFeatures, inFeatures]));
    this.bias = null;
    if (options.bias ?? true) {
      const b = random.fillUniform(new Float32Array(outFeatures), -bound, bound);
      this.bias = this.registerParameter('bias', new Tensor(b, [outFeatures]));
    }
  }

  /** [..., in] → [..., out]. @throws ShapeError on a wrong last size. */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}
