/** Loss functions as fused autograd ops: cross-entropy, MSE, L1, Huber and smooth L1, each with PyTorch's reductions. */

import { ConfigError, ShapeError } from '../errors.ts';
import { logSumExp } from '../kernels/api/logSumExp.ts';
import { getBackend } from '../kernels/backend.ts';
import { isGradEnabled, makeResult } from '../tensor/autograd.ts';
import { formatShape } from '../tensor/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { linear, linearSizes } from './linear.ts';

/** How per-element losses are combined, as PyTorch's `reduction` argument. */
export type Reduction = 'mean' | 'sum' | 'none';

export interface CrossEntropyOptions {
  /** Targets equal to this value contribute neither loss nor gradient (padding). Default -100. */
  ignoreIndex?: number;
  /** Amount in [0, 1] of the target mass spread uniformly over all classes. Default 0. */
  labelSmoothing?: number;
  /** A rescaling weight per class, length C. Default: all ones. */
  weight?: Float32Array;
  /** Default 'mean': the weighted mean over non-ignored targets. */
  reduction?: Reduction;
}

export interface RegressionLossOptions {
  /** Default 'mean'. */
  reduction?: Reduction;
}

export interface HuberOptions extends RegressionLossOptions {
  /** Where the loss changes from quadratic to linear; must be positive. Default 1. */
  delta?: number;
}

export interface SmoothL1Options extends RegressionLossOptions {
  /** Where the loss changes from quadratic to linear; must be non-negative (0 gives L1). Default 1. */
  beta?: number;
}

function checkReduction(where: string, reduction: string): Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ConfigError(
      `${where}: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'.`,
    );
  }
  return reduction;
}

/** Where a flat target index sits, as `3` for [N] targets or `[1, 2]` for [N, L] targets. */
function targetPosition(index: number, rowsPerItem: number, is3d: boolean): string {
  if (!is3d) return String(index);
  return `[${Math.floor(index / rowsPerItem)}, ${index % rowsPerItem}]`;
}

/** crossEntropy's options and targets, checked against the logits' shape. */
interface CheckedCrossEntropy {
  ignoreIndex: number;
  labelSmoothing: number;
  weight: Float32Array | undefined;
  reduction: Reduction;
  classes: number;
  rows: number;
  /** The 'none' loss's shape: [N] or [N, L]. */
  outShape: number[];
}

/**
 * Checks crossEntropy's arguments for logits of `shape` (see crossEntropy for the rules).
 * @throws ShapeError and ConfigError as crossEntropy.
 */
function checkCrossEntropy(
  shape: readonly number[],
  targets: Int32Array | readonly number[],
  options: CrossEntropyOptions,
): CheckedCrossEntropy {
  const { ignoreIndex = -100, labelSmoothing = 0, weight } = options;
  const reduction = checkReduction('crossEntropy', options.reduction ?? 'mean');
  if (shape.length !== 2 && shape.length !== 3) {
    throw new ShapeError(
      `crossEntropy: logits must be [N, C] or [N, L, C], got ${formatShape(shape)}.`,
    );
  }
  const is3d = shape.length === 3;
  const classes = shape[shape.length - 1] as number;
  const rows = shape.reduce((a, b) => a * b, 1) / Math.max(classes, 1);
  const rowsPerItem = is3d ? (shape[1] as number) : 1;
  if (targets.length !== rows) {
    const expected = is3d ? `N·L = ${rows}` : `N = ${rows}`;
    throw new ShapeError(
      `crossEntropy: targets length must equal ${expected}, got ${targets.length}.`,
    );
  }
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new ConfigError(`crossEntropy: labelSmoothing must be in [0, 1], got ${labelSmoothing}.`);
  }
  if (weight !== undefined && weight.length !== classes) {
    throw new ShapeError(
      `crossEntropy: weight length must equal the number of classes ${classes}, got ${weight.length}.`,
    );
  }
  for (let i = 0; i < rows; i++) {
    const t = targets[i] as number;
    if (t === ignoreIndex) continue;
    if (!Number.isInteger(t) || t < 0 || t >= classes) {
      throw new ConfigError(
        `crossEntropy: target at position ${targetPosition(i, rowsPerItem, is3d)} must be an integer in [0, ${classes}) or ignoreIndex ${ignoreIndex}, got ${t}.`,
      );
    }
  }

  const outShape = is3d ? [shape[0] as number, shape[1] as number] : [shape[0] as number];
  return { ignoreIndex, labelSmoothing, weight, reduction, classes, rows, outShape };
}

/**
 * Cross-entropy between unnormalised logits and class-index targets, as
 * `torch.nn.functional.cross_entropy` (log-softmax over the last axis, then negative log-likelihood).
 *
 * Per row i with target t (non-ignored), with class weights w (ones by default) and smoothing ε:
 *   loss_i = (1 − ε) · w_t · (−log p_t) + (ε / C) · Σ_c w_c · (−log p_c)
 * 'mean' divides the sum by Σ w_t over non-ignored rows (their count without weights); when every
 * target is ignored that is 0 / 0 = NaN, as in PyTorch.
 *
 * @param logits [N, C], or [N, L, C] for one prediction per time step.
 * @param targets class indices, length N (or N·L row-major for [N, L]).
 * @returns [] for 'mean' and 'sum'; [N] (or [N, L]) for 'none'.
 * @throws ShapeError when logits are not 2-D or 3-D, or targets or weight have the wrong length.
 * @throws ConfigError for a target outside [0, C) that is not ignoreIndex, a labelSmoothing outside
 *   [0, 1], or an unknown reduction.
 */
export function crossEntropy(
  logits: Tensor,
  targets: Int32Array | readonly number[],
  options: CrossEntropyOptions = {},
): Tensor {
  const checked = checkCrossEntropy(logits.shape, targets, options);
  const { ignoreIndex, labelSmoothing, weight, reduction, classes, rows, outShape } = checked;
  if (weight === undefined && labelSmoothing === 0) {
    return softmaxCrossEntropyOp(logits, Int32Array.from(targets), {
      classes,
      ignoreIndex,
      reduction,
      outShape,
    });
  }

  const x = logits.data;
  const probs = new Float32Array(x.length);
  const rowLoss = new Float64Array(rows);
  let weightSum = 0;
  for (let c = 0; c < classes; c++) weightSum += weight === undefined ? 1 : (weight[c] as number);
  let denominator = 0;
  const smoothScale = labelSmoothing / classes;
  for (let i = 0; i < rows; i++) {
    const base = i * classes;
    const logZ = logSumExp(x, base, classes);
    for (let c = 0; c < classes; c++) probs[base + c] = Math.exp((x[base + c] as number) - logZ);
    const t = targets[i] as number;
    if (t === ignoreIndex) continue;
    const wt = weight === undefined ? 1 : (weight[t] as number);
    denominator += wt;
    let loss = (1 - labelSmoothing) * wt * (logZ - (x[base + t] as number));
    if (labelSmoothing > 0) {
      let smooth = 0;
      for (let c = 0; c < classes; c++) {
        const wc = weight === undefined ? 1 : (weight[c] as number);
        smooth += wc * (logZ - (x[base + c] as number));
      }
      loss += smoothScale * smooth;
    }
    rowLoss[i] = loss;
  }

  const out = reduceRows(rowLoss, reduction, denominator, outShape);

  return makeResult(out.data, out.shape, {
    op: 'crossEntropy',
    inputs: [logits],
    backward: (gradOutput) => {
      const grad = new Float32Array(x.length);
      for (let i = 0; i < rows; i++) {
        const t = targets[i] as number;
        if (t === ignoreIndex) continue;
        const k =
          reduction === 'none'
            ? (gradOutput[i] as number)
            : reduction === 'sum'
              ? (gradOutput[0] as number)
              : (gradOutput[0] as number) / denominator;
        const base = i * classes;
        const wt = weight === undefined ? 1 : (weight[t] as number);
        // d/dz of w_t·(−log p_t) is w_t·(p − e_t); of Σ_c w_c·(−log p_c) it is (Σw)·p − w.
        const nllScale = k * (1 - labelSmoothing) * wt;
        const smoothK = k * smoothScale;
        for (let c = 0; c < classes; c++) {
          const p = probs[base + c] as number;
          const wc = weight === undefined ? 1 : (weight[c] as number);
          grad[base + c] = nllScale * p + smoothK * (weightSum * p - wc);
        }
        grad[base + t] = (grad[base + t] as number) - nllScale;
      }
      return [grad];
    },
  });
}

/**
 * The common case of crossEntropy (no class weights, no label smoothing) on the installed
 * backend's fused softmax cross-entropy; targets are already validated.
 */
function softmaxCrossEntropyOp(
  logits: Tensor,
  targets: Int32Array,
  o: { classes: number; ignoreIndex: number; reduction: Reduction; outShape: number[] },
): Tensor {
  const { classes, ignoreIndex, reduction } = o;
  const backend = getBackend();
  const forTraining = reduction !== 'none' && isGradEnabled() && logits.requiresGrad;
  if (forTraining) {
    // NOTE: a training step needs the gradient anyway, so the backend computes it with the loss
    // in one pass (for an upstream gradient of 1; backward rescales any other).
    const { rowLoss, count, grad } = backend.softmaxCrossEntropyWithGrad({
      logits: logits.data,
      classes,
      targets,
      ignoreIndex,
      reduction,
    });
    const out = reduceRows(rowLoss, reduction, count, o.outShape);
    return makeResult(out.data, out.shape, {
      op: 'crossEntropy',
      inputs: [logits],
      backward: (gradOutput) => {
        const g = gradOutput[0] as number;
        if (g === 1) return [grad];
        const scaled = new Float32Array(grad.length);
        for (let i = 0; i < grad.length; i++) scaled[i] = (grad[i] as number) * g;
        return [scaled];
      },
    });
  }
  const { probs, rowLoss, count } = backend.softmaxCrossEntropy({
    logits: logits.data,
    classes,
    targets,
    ignoreIndex,
  });
  const out = reduceRows(rowLoss, reduction, count, o.outShape);
  return makeResult(out.data, out.shape, {
    op: 'crossEntropy',
    inputs: [logits],
    backward: (gradOutput) => {
      const common = { probs, classes, targets, ignoreIndex };
      if (reduction === 'none') {
        return [backend.softmaxCrossEntropyBackward({ ...common, scale: 0, scales: gradOutput })];
      }
      const g = gradOutput[0] as number;
      const scale = reduction === 'sum' ? g : g / count;
      return [backend.softmaxCrossEntropyBackward({ ...common, scale })];
    },
  });
}

/**
 * crossEntropy(linear(x, weight, bias), targets, options) with the output head fused: in a
 * training step (gradients on, reduction 'mean' or 'sum', no class weights, no label smoothing)
 * the backend computes the logits, the loss and the head's gradients in one call, so the
 * [rows, classes] logits and their gradient are never materialised as tensors (on the wasm
 * backend they never leave wasm memory); without gradients (evaluation) the backend computes the
 * same loss without them. With 'none', class weights or smoothing it is exactly the unfused
 * composition. Use it when the logits feed nothing but the loss.
 * @param x [N, in] or [N, L, in]; @param weight [C, in]; @param bias [C] or null.
 * @returns [] for 'mean' and 'sum'; [N] (or [N, L]) for 'none'.
 * @throws ShapeError and ConfigError as linear and crossEntropy.
 */
export function linearCrossEntropy(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  targets: Int32Array | readonly number[],
  options: CrossEntropyOptions = {},
): Tensor {
  const { rows, inF, outF } = linearSizes(x, weight);
  const needsGrad = x.requiresGrad || weight.requiresGrad || (bias?.requiresGrad ?? false);
  const logitsShape = [...x.shape.slice(0, -1), outF];
  const checked = checkCrossEntropy(logitsShape, targets, options);
  const { ignoreIndex, labelSmoothing, weight: classWeight, reduction } = checked;
  if (reduction === 'none' || classWeight !== undefined || labelSmoothing !== 0) {
    return crossEntropy(linear(x, weight, bias), targets, options);
  }
  const ids = Int32Array.from(targets);
  if (!isGradEnabled() || !needsGrad) {
    // Evaluation: the fused head's loss alone; the [rows, outF] logits never leave the kernels.
    const loss = getBackend().linearCrossEntropyLoss({
      rows,
      inF,
      outF,
      x: x.data,
      weight: weight.data,
      bias: bias === null ? null : bias.data,
      targets: ids,
      ignoreIndex,
      reduction,
    });
    const out = reduceRows(loss.rowLoss, reduction, loss.count, checked.outShape);
    return new Tensor(out.data, out.shape);
  }
  return fusedHeadOp({ x, weight, bias, rows, inF, outF }, ids, {
    ignoreIndex,
    reduction,
    outShape: checked.outShape,
  });
}

/** A Linear head's operands and sizes (y = x·Wᵀ + b, W [outF, inF], rows of x flattened). */
interface HeadOperands {
  x: Tensor;
  weight: Tensor;
  bias: Tensor | null;
  rows: number;
  inF: number;
  outF: number;
}

/**
 * The head and its cross-entropy as one op whose inputs are the head's x, W and b: the backend
 * computes the logits, the loss rows and the three gradients at once; targets are already validated.
 */
function fusedHeadOp(
  head: HeadOperands,
  targets: Int32Array,
  o: { ignoreIndex: number; reduction: 'mean' | 'sum'; outShape: number[] },
): Tensor {
  const { x, weight, bias } = head;
  const result = getBackend().linearCrossEntropyWithGrad({
    rows: head.rows,
    inF: head.inF,
    outF: head.outF,
    x: x.data,
    weight: weight.data,
    bias: bias === null ? null : bias.data,
    targets,
    ignoreIndex: o.ignoreIndex,
    reduction: o.reduction,
    needDx: x.requiresGrad,
  });
  const out = reduceRows(result.rowLoss, o.reduction, result.count, o.outShape);
  const grads = [result.dx, result.dw, result.db];
  return makeResult(out.data, out.shape, {
    op: 'linearCrossEntropy',
    inputs: bias === null ? [x, weight] : [x, weight, bias],
    backward: (gradOutput) => {
      const g = gradOutput[0] as number;
      // NOTE: the gradients were computed for an upstream gradient of 1 (a training step's);
      // another one rescales them, equal to scaling the logits' gradient up to float rounding.
      if (g === 1) return grads;
      return grads.map((a) => (a === null ? null : a.map((v) => v * g)));
    },
  });
}

function reduceRows(
  values: Float64Array,
  reduction: Reduction,
  denominator: number,
  noneShape: number[],
): { data: Float32Array; shape: number[] } {
  if (reduction === 'none') return { data: Float32Array.from(values), shape: noneShape };
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return { data: new Float32Array([reduction === 'sum' ? sum : sum / denominator]), shape: [] };
}

/** One elementwise loss: its value and its derivative in d = input − target. */
interface PointwiseRule {
  value(d: number): number;
  derivative(d: number): number;
}

function pointwiseLoss(
  where: string,
  input: Tensor,
  target: Tensor,
  reductionOption: Reduction | undefined,
  rule: PointwiseRule,
): Tensor {
  const reduction = checkReduction(where, reductionOption ?? 'mean');
  if (
    input.shape.length !== target.shape.length ||
    input.shape.some((d, i) => d !== target.shape[i])
  ) {
    // PyTorch parity: torch broadcasts mismatched shapes with a warning; a silent broadcast is
    // almost always a bug (e.g. [N, 1] against [N]), so we refuse it.
    throw new ShapeError(
      `${where}: target shape must equal input shape ${formatShape(input.shape)}, got ${formatShape(target.shape)}.`,
    );
  }
  const n = input.size;
  const x = input.data;
  const y = target.data;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = rule.value((x[i] as number) - (y[i] as number));
  const out = reduceRows(values, reduction, n, [...input.shape]);
  return makeResult(out.data, out.shape, {
    op: where,
    inputs: [input, target],
    backward: (gradOutput) => {
      const gradInput = new Float32Array(n);
      const scale = reduction === 'mean' ? 1 / n : 1;
      for (let i = 0; i < n; i++) {
        const g = reduction === 'none' ? (gradOutput[i] as number) : (gradOutput[0] as number);
        gradInput[i] = g * scale * rule.derivative((x[i] as number) - (y[i] as number));
      }
      const gradTarget = target.requiresGrad ? gradInput.map((v) => -v) : null;
      return [gradInput, gradTarget];
    },
  });
}

/**
 * Mean squared error (input − target)², as `torch.nn.functional.mse_loss`.
 * @param input any shape; @param target the same shape as input.
 * @returns [] for 'mean' and 'sum'; input's shape for 'none'.
 * @throws ShapeError when the shapes differ; ConfigError for an unknown reduction.
 */
export function mse(input: Tensor, target: Tensor, options: RegressionLossOptions = {}): Tensor {
  return pointwiseLoss('mse', input, target, options.reduction, {
    value: (d) => d * d,
    derivative: (d) => 2 * d,
  });
}

/**
 * Mean absolute error |input − target|, as `torch.nn.functional.l1_loss` (gradient sign(d), 0 at 0).
 * @param input any shape; @param target the same shape as input.
 * @returns [] for 'mean' and 'sum'; input's shape for 'none'.
 * @throws ShapeError when the shapes differ; ConfigError for an unknown reduction.
 */
export function l1(input: Tensor, target: Tensor, options: RegressionLossOptions = {}): Tensor {
  return pointwiseLoss('l1', input, target, options.reduction, {
    value: (d) => Math.abs(d),
    derivative: (d) => Math.sign(d),
  });
}

/**
 * Huber loss, as `torch.nn.functional.huber_loss`: ½d² where |d| ≤ delta, else delta·(|d| − ½delta).
 * @param input any shape; @param target the same shape as input.
 * @returns [] for 'mean' and 'sum'; input's shape for 'none'.
 * @throws ShapeError when the shapes differ; ConfigError for delta ≤ 0 or an unknown reduction.
 */
export function huber(input: Tensor, target: Tensor, options: HuberOptions = {}): Tensor {
  const delta = options.delta ?? 1;
  if (!(delta > 0)) throw new ConfigError(`huber: delta must be positive, got ${delta}.`);
  return pointwiseLoss('huber', input, target, options.reduction, {
    value: (d) => {
      const z = Math.abs(d);
      return z <= delta ? 0.5 * d * d : delta * (z - 0.5 * delta);
    },
    derivative: (d) => Math.max(-delta, Math.min(d, delta)),
  });
}

/**
 * Smooth L1 loss, as `torch.nn.functional.smooth_l1_loss`: ½d²/beta where |d| < beta, else |d| − ½beta;
 * beta = 0 is the L1 loss.
 * @param input any shape; @param target the same shape as input.
 * @returns [] for 'mean' and 'sum'; input's shape for 'none'.
 * @throws ShapeError when the shapes differ; ConfigError for beta < 0 or an unknown reduction.
 */
export function smoothL1(input: Tensor, target: Tensor, options: SmoothL1Options = {}): Tensor {
  const beta = options.beta ?? 1;
  if (!(beta >= 0)) throw new ConfigError(`smoothL1: beta must be non-negative, got ${beta}.`);
  if (beta === 0) return l1(input, target, options);
  return pointwiseLoss('smoothL1', input, target, options.reduction, {
    value: (d) => {
      const z = Math.abs(d);
      return z < beta ? (0.5 * d * d) / beta : z - 0.5 * beta;
    },
    derivative: (d) => (d < -beta ? -1 : d > beta ? 1 : d / beta),
  });
}
