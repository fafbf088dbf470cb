/** `nn.Embedding`: a lookup table of learnable vectors, with an optional padding row that stays zero. */

import { ConfigError, ShapeError } from '../errors.ts';
import { acquireArray } from '../kernels/arrayPool.ts';
import { getBackend } from '../kernels/backend.ts';
import { globalRandom, type Random } from '../random.ts';
import { makeResult, releaseDataAfterBackward } from '../tensor/autograd.ts';
import { formatShape } from '../tensor/shape.ts';
import { sizeOf, Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';

export interface EmbeddingOptions {
  /** A row that is zero at init and receives no gradient; negative counts from the end. */
  paddingIdx?: number;
  /** Generator for the initial N(0, 1) weights; default `globalRandom`. */
  random?: Random;
}

/** `nn.Embedding(numEmbeddings, embeddingDim)` with parameter `weight` [num, dim]. */
export class Embedding extends Module {
  readonly typeName = 'Embedding';
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /** The padding row, normalised to [0, num); null when none. */
  readonly paddingIdx: number | null;
  readonly weight: Tensor;

  /**
   * Weights ~ N(0, 1) (PyTorch's init), the padding row zeroed.
   * @throws ConfigError when a size is not a positive integer or paddingIdx is out of range.
   */
  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    for (const [name, v] of [
      ['numEmbeddings', numEmbeddings],
      ['embeddingDim', embeddingDim],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0) {
        throw new ConfigError(`Embedding: ${name} must be a positive integer, got ${v}.`);
      }
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    const pad = options.paddingIdx;
    if (
      pad !== undefined &&
      (!Number.isInteger(pad) || pad < -numEmbeddings || pad >= numEmbeddings)
    ) {
      throw new ConfigError(
        `Embedding: paddingIdx must be an integer in [${-numEmbeddings}, ${numEmbeddings}), got ${pad}.`,
      );
    }
    this.paddingIdx = pad === undefined ? null : pad < 0 ? pad + numEmbeddings : pad;
    const random = options.random ?? globalRandom;
    const w = new Float32Array(numEmbeddings * embeddingDim);
    for (let i = 0; i < w.length; i++) w[i] = random.normal();
    if (this.paddingIdx !== null)
      w.fill(0, this.paddingIdx * embeddingDim, (this.paddingIdx + 1) * embeddingDim);
    this.weight = this.registerParameter('weight', new Tensor(w, [numEmbeddings, embeddingDim]));
  }

  /**
   * Looks up one row per id.
   * @param ids token ids, row-major.
   * @param shape the ids' shape; default [ids.length].
   * @returns [...shape, embeddingDim].
   * @throws ShapeError when shape does not match ids.length or an id is out of range.
   */
  forward(ids: Int32Array | readonly number[], shape: readonly number[] = [ids.length]): Tensor {
    const { numEmbeddings: num, embeddingDim: dim, weight, paddingIdx } = this;
    if (sizeOf(shape) !== ids.length) {
      throw new ShapeError(
        `Embedding: ids length must equal the product of shape ${formatShape(shape)}, got ${ids.length}.`,
      );
    }
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < 0 || id >= num) {
        throw new ShapeError(`Embedding: ids[${i}] must be an integer in [0, ${num}), got ${id}.`);
      }
    }
    const idCopy = Int32Array.from(ids);
    // From the array pool (every row is written): given back once the backward walk has run this
    // op's rule, after its consumers' rules, the last to read it. Nothing reads an embedding's
    // output after the backward of the step that made it.
    const out = acquireArray(ids.length * dim, { zero: false });
    getBackend().embeddingGather(weight.data, dim, idCopy, out);
    const pad = paddingIdx === null ? {} : { paddingIdx };
    return releaseDataAfterBackward(
      makeResult(out, [...shape, dim], {
        op: 'embedding',
        inputs: [weight],
        releasesGradOutput: true,
        backward(g) {
          // From the array pool: the weight's gradient, given back by zeroGrad({ setToNone }).
          const dW = acquireArray(weight.size, { zero: true });
          getBackend().embeddingScatterAdd(dW, dim, idCopy, g, pad);
          return [dW];
        },
      }),
    );
  }
}
