/** The forecast network: a recurrent stack over L steps of F features → the last layer's final state → linear to H values. */

import { ShapeError } from '../../errors.ts';
import { releaseArray } from '../../kernels/arrayPool.ts';
import { getBackend } from '../../kernels/backend.ts';
import { dropout } from '../../nn/dropout.ts';
import { Linear } from '../../nn/linear.ts';
import { Module } from '../../nn/module.ts';
import { finalHiddenRows } from '../../nn/recurrentInference.ts';
import type { Random } from '../../random.ts';
import '../../tensor/ops.ts';
import { concat } from '../../tensor/shapeOps.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { buildRecurrent, type RecurrentModule, runRecurrent } from '../common/recurrent.ts';
import type { RecurrentSpec } from '../spec.ts';

/** Sizes of a forecaster. */
export interface ForecastConfig {
  /** Input features per step F (the target first). */
  features: number;
  /** Values predicted H. */
  horizon: number;
  recurrent: RecurrentSpec;
  /** Dropout before the head (training only). */
  headDropout: number;
  /** Known-future columns K: the head also reads their H future values (default 0). */
  knownFuture?: number;
}

/**
 * Parameters: `rnn.*` (PyTorch names, batch_first) and `head.weight` [H, D·H_rnn + H·K],
 * `head.bias` [H]. The head reads the last layer's final hidden state of each direction
 * ([h_fwd; h_bwd] when bidirectional), i.e. h_n, not the output at the last step, followed by
 * the K known-future columns' values at the H forecast steps ([N, H·K], step-major) when K > 0.
 */
export class ForecastModel extends Module {
  readonly typeName = 'Forecaster';
  readonly config: ForecastConfig;
  readonly rnn: RecurrentModule;
  readonly head: Linear;
  private readonly random: Random;

  /** @throws ConfigError for non-positive sizes. */
  constructor(config: ForecastConfig, random: Random) {
    super();
    this.config = config;
    this.random = random;
    this.rnn = this.registerModule(
      'rnn',
      buildRecurrent(config.recurrent, { inputSize: config.features, random, batchFirst: true }),
    );
    const D = config.recurrent.bidirectional ? 2 : 1;
    this.head = this.registerModule(
      'head',
      new Linear(
        D * config.recurrent.hiddenSize + config.horizon * (config.knownFuture ?? 0),
        config.horizon,
        { random },
      ),
    );
  }

  /**
   * @param x scaled windows [N, L, F] row-major.
   * @param future the known-future columns' scaled values [N, H·K] (required when K > 0).
   * @returns predictions [N, H] in the target mode's units.
   * @throws ShapeError when x does not fit [N, L, F] or future does not fit [N, H·K].
   */
  forward(x: Float32Array, shape: [number, number, number], future?: Float32Array): Tensor {
    const [N] = shape;
    const { recurrent } = this.config;
    const D = recurrent.bidirectional ? 2 : 1;
    const H = recurrent.hiddenSize;
    const { output, state } = runRecurrent(this.rnn, new Tensor(x, shape));
    // Only h_n is read: no op takes the outputs, and the backward walk, which starts from what
    // the head computes, never reaches them, so their array goes back to the pool at once.
    releaseArray(output.data);
    const last = state.h
      .narrow(0, (recurrent.numLayers - 1) * D, D)
      .permute([1, 0, 2])
      .reshape([N, D * H]);
    const p = this.config.headDropout;
    const dropped = this.training && p > 0 ? dropout(last, { p, random: this.random }) : last;
    const K = this.config.knownFuture ?? 0;
    if (K === 0) return this.head.forward(dropped);
    const width = this.config.horizon * K;
    if (future === undefined || future.length !== N * width) {
      throw new ShapeError(
        `Forecaster: future must hold N·H·K = ${N * width} values, got ${future?.length ?? 0}.`,
      );
    }
    return this.head.forward(concat([dropped, new Tensor(future, [N, width])], 1));
  }

  /**
   * Forward only, as in eval mode: predictions `[N, H]` straight from the backend's kernels (no
   * tensors, no autograd records), the values of {@link forward} up to float rounding. For
   * scoring whole splits.
   * @throws ShapeError as {@link forward}.
   */
  predict(x: Float32Array, shape: [number, number, number], future?: Float32Array): Float32Array {
    const [N] = shape;
    const K = this.config.knownFuture ?? 0;
    const width = this.config.horizon * K;
    if (x.length !== shape[0] * shape[1] * shape[2] || shape[2] !== this.config.features) {
      throw new ShapeError(
        `Forecaster: x must be [N, L, ${this.config.features}] with ${shape.join('·')} values, got ${x.length} values of shape [${shape.join(', ')}].`,
      );
    }
    if (K > 0 && future?.length !== N * width) {
      throw new ShapeError(
        `Forecaster: future must hold N·H·K = ${N * width} values, got ${future?.length ?? 0}.`,
      );
    }
    const last = finalHiddenRows(this.rnn, x, shape);
    const [outF, inF] = this.head.weight.shape as [number, number];
    let input = last;
    if (K > 0) {
      const hidden = inF - width;
      input = new Float32Array(N * inF);
      for (let n = 0; n < N; n++) {
        input.set(last.subarray(n * hidden, (n + 1) * hidden), n * inF);
        input.set((future as Float32Array).subarray(n * width, (n + 1) * width), n * inF + hidden);
      }
    }
    const out = new Float32Array(N * outF);
    const bias = this.head.bias?.data;
    getBackend().gemm({
      m: N,
      n: outF,
      k: inF,
      a: input,
      b: this.head.weight.data,
      c: out,
      transB: true,
      ...(bias === undefined ? {} : { bias }),
    });
    return out;
  }
}
