/** `nn.BatchNorm2d`: per-channel normalisation by the batch's statistics in training (updating the running ones) and by the running ones in evaluation. */
import { ConfigError, ShapeError } from '../errors.ts';
import { getBackend } from '../kernels/backend.ts';
import { makeResult } from '../tensor/autograd.ts';
import { formatShape } from '../tensor/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';

export interface BatchNormOptions {
  /** Added to the variance; default 1e-5. */
  eps?: number;
  /** Weight of the new batch in the running statistics; null for a cumulative average. Default 0.1. */
  momentum?: number | null;
  /** Learnable γ (`weight`) and β (`bias`); default true. */
  affine?: boolean;
  /** Keep running statistics (buffers) and use them in evaluation; default true. */
  trackRunningStats?: boolean;
}

/** The running statistics a batch-norm call reads (evaluation) or updates (training). */
export interface RunningStats {
  mean: Tensor;
  variance: Tensor;
  /** Batches seen so far, a one-element tensor. */
  batches: Tensor;
  /** As BatchNormOptions.momentum. */
  momentum: number | null;
}

/** running = (1 − f)·running + f·batch with f = momentum (or 1/batches), variance unbiased. */
function updateRunning(
  stats: RunningStats,
  mean: Float64Array,
  variance: Float64Array,
  count: number,
): void {
  stats.batches.data[0] = (stats.batches.data[0] as number) + 1;
  const f = stats.momentum ?? 1 / (stats.batches.data[0] as number);
  const unbias = count / (count - 1);
  for (let c = 0; c < mean.length; c++) {
    const rm = stats.mean.data;
    const rv = stats.variance.data;
    rm[c] = (1 - f) * (rm[c] as number) + f * (mean[c] as number);
    rv[c] = (1 - f) * (rv[c] as number) + f * (variance[c] as number) * unbias;
  }
}

/**
 * F.batch_norm over x [N, C, ...]: (x − mean) / √(var + eps) · weight + bias per channel.
 * With `useBatchStats`, mean and the biased variance are the batch's, and `running` (if given) is
 * updated in place; otherwise `running` supplies them.
 * @throws ShapeError when x is not [N, C, ...] with C = the statistics' size, or a training
 *   batch has one value per channel.
 */
export function batchNorm(
  x: Tensor,
  running: RunningStats | null,
  weight: Tensor | null,
  bias: Tensor | null,
  options: { useBatchStats: boolean; eps: number },
): Tensor {
  const batch = x.shape[0] as number;
  const channels = x.shape[1] as number;
  const expected = weight?.size ?? running?.mean.size ?? channels;
  if (x.ndim < 2 || channels !== expected) {
    throw new ShapeError(
      `batchNorm: input must be [N, ${expected}, ...], got ${formatShape(x.shape)}.`,
    );
  }
  const plane = x.size / (batch * channels);
  const backend = getBackend();
  const mean = new Float32Array(channels);
  const invStd = new Float32Array(channels);
  if (options.useBatchStats) {
    if (batch * plane <= 1) {
      throw new ShapeError(
        `batchNorm: a training batch must have more than 1 value per channel, got input ${formatShape(x.shape)}.`,
      );
    }
    const stats = backend.batchNormStats(x.data, batch, channels, plane);
    for (let c = 0; c < channels; c++) {
      mean[c] = stats.mean[c] as number;
      invStd[c] = 1 / Math.sqrt((stats.variance[c] as number) + options.eps);
    }
    if (running !== null) updateRunning(running, stats.mean, stats.variance, batch * plane);
  } else if (running !== null) {
    mean.set(running.mean.data);
    for (let c = 0; c < channels; c++)
      invStd[c] = 1 / Math.sqrt((running.variance.data[c] as number) + options.eps);
  } else {
    throw new ConfigError(
      'batchNorm: evaluation without batch statistics must have running statistics, got none.',
    );
  }
  const out = new Float32Array(x.size);
  const w = weight?.data ?? null;
  backend.batchNormForward({
    x: x.data,
    batch,
    channels,
    plane,
    mean,
    invStd,
    weight: w,
    bias: bias?.data ?? null,
    out,
  });
  const affine = weight !== null && bias !== null;
  return makeResult(out, x.shape, {
    op: 'batchNorm',
    inputs: affine ? [x, weight, bias] : [x],
    backward(g) {
      const grads = getBackend().batchNormBackward({
        g,
        x: x.data,
        batch,
        channels,
        plane,
        mean,
        invStd,
        weight: w,
        batchStats: options.useBatchStats,
        needDx: x.requiresGrad,
      });
      return affine ? [grads.dx, grads.dWeight, grads.dBias] : [grads.dx];
    },
  });
}

/**
 * `nn.BatchNorm2d(numFeatures)`: parameters `weight` (ones) and `bias` (zeros), buffers
 * `running_mean` (zeros), `running_var` (ones) and `num_batches_tracked`, as PyTorch names them.
 */
export class BatchNorm2d extends Module {
  readonly typeName = 'BatchNorm2d';
  readonly weight: Tensor | null = null;
  readonly bias: Tensor | null = null;
  readonly runningMean: Tensor | null = null;
  readonly runningVar: Tensor | null = null;
  readonly numBatchesTracked: Tensor | null = null;
  readonly eps: number;
  readonly momentum: number | null;

  /** @throws ConfigError on a non-positive numFeatures or eps, or a momentum outside [0, 1]. */
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures <= 0) {
      throw new ConfigError(
        `BatchNorm2d: numFeatures must be a positive integer, got ${numFeatures}.`,
      );
    }
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    if (!(this.eps > 0)) throw new ConfigError(`BatchNorm2d: eps must be > 0, got ${this.eps}.`);
    if (this.momentum !== null && !(this.momentum >= 0 && this.momentum <= 1)) {
      throw new ConfigError(
        `BatchNorm2d: momentum must be in [0, 1] or null, got ${this.momentum}.`,
      );
    }
    const ones = () => new Float32Array(numFeatures).fill(1);
    if (options.affine ?? true) {
      this.weight = this.registerParameter('weight', new Tensor(ones(), [numFeatures]));
      this.bias = this.registerParameter(
        'bias',
        new Tensor(new Float32Array(numFeatures), [numFeatures]),
      );
    }
    if (options.trackRunningStats ?? true) {
      this.runningMean = this.registerBuffer(
        'running_mean',
        new Tensor(new Float32Array(numFeatures), [numFeatures]),
      );
      this.runningVar = this.registerBuffer('running_var', new Tensor(ones(), [numFeatures]));
      this.numBatchesTracked = this.registerBuffer(
        'num_batches_tracked',
        new Tensor(new Float32Array(1), []),
      );
    }
  }

  /**
   * [N, C, H, W] → the same shape: batch statistics in training (updating the running ones) or
   * without running statistics; the running ones in evaluation.
   * @throws ShapeError on a wrong input shape.
   */
  forward(x: Tensor): Tensor {
    if (x.ndim !== 4) {
      throw new ShapeError(
        `BatchNorm2d: input must be 4-D (N, C, H, W), got shape ${formatShape(x.shape)}.`,
      );
    }
    const running =
      this.runningMean === null || this.runningVar === null || this.numBatchesTracked === null
        ? null
        : {
            mean: this.runningMean,
            variance: this.runningVar,
            batches: this.numBatchesTracked,
            momentum: this.momentum,
          };
    const useBatchStats = this.training || running === null;
    return batchNorm(x, running, this.weight, this.bias, { useBatchStats, eps: this.eps });
  }
}
