/** The kernel backend API: the hot primitives every backend (TypeScript, WebAssembly) implements, and their options. */
import type {
  CellType,
  LayerBackwardOptions,
  LayerCache,
  LayerForwardOptions,
  LayerForwardResult,
  LayerGrads,
} from './recurrent.ts';

/** Options of a general matrix multiply on row-major arrays. */
export interface GemmOptions {
  /** Rows of op(A) and of C. */
  m: number;
  /** Columns of op(B) and of C. */
  n: number;
  /** Columns of op(A), rows of op(B). */
  k: number;
  /** A, shaped [m, k], or [k, m] when transA. */
  a: Float32Array;
  /** B, shaped [k, n], or [n, k] when transB. */
  b: Float32Array;
  /** C, shaped [m, n]; read when beta ≠ 0, always written. */
  c: Float32Array;
  /** Use Aᵀ: A is stored [k, m]. */
  transA?: boolean;
  /** Use Bᵀ: B is stored [n, k] (the PyTorch weight layout [out, in]). */
  transB?: boolean;
  /** Scales op(A)·op(B); default 1. */
  alpha?: number;
  /** Scales the old C; default 0 (C is overwritten). */
  beta?: number;
  /** Optional [n] vector added to every row of C after the product. */
  bias?: Float32Array;
}

/** The activations every backend runs elementwise. */
export type ActivationOp = 'tanh' | 'sigmoid' | 'relu';

/** Options of one Adam/AdamW step over a flat parameter (PyTorch 1.13's single-tensor formula). */
export interface AdamStepOptions {
  /** Parameter values, updated in place. */
  param: Float32Array;
  /** Its gradient (read only). */
  grad: Float32Array;
  /** First-moment state, updated in place. */
  expAvg: Float32Array;
  /** Second-moment state, updated in place. */
  expAvgSq: Float32Array;
  /** AMSGrad's running maximum of the second moment, updated in place; absent or null without AMSGrad. */
  maxExpAvgSq?: Float32Array | null;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** 1-based step count after this update (PyTorch's state['step']). */
  step: number;
  /** AdamW: decay the parameter directly instead of adding weightDecay·p to the gradient. */
  decoupled?: boolean;
}

/** Inputs of the fused softmax cross-entropy (no class weights, no label smoothing). */
export interface SoftmaxCrossEntropyOptions {
  /** [rows, classes] row-major. */
  logits: Float32Array;
  classes: number;
  /** One class index per row, or ignoreIndex. */
  targets: Int32Array;
  /** Rows with this target get no loss and no gradient; default −100 (PyTorch's). */
  ignoreIndex?: number;
}

export interface SoftmaxCrossEntropyResult {
  /** [rows, classes] softmax of the logits (what backward needs). */
  probs: Float32Array;
  /** [rows] logsumexp − logit of the target, 0 for ignored rows (double precision). */
  rowLoss: Float64Array;
  /** Rows not ignored (the 'mean' denominator without class weights). */
  count: number;
}

/** The loss and its logits' gradient at once, for a training step (upstream gradient 1). */
export interface SoftmaxCrossEntropyGradResult {
  /** [rows] logsumexp − logit of the target, 0 for ignored rows (double precision). */
  rowLoss: Float64Array;
  /** Rows not ignored. */
  count: number;
  /** [rows, classes] dL/dlogits of the 'mean' (1/count per row) or 'sum' loss; ignored rows 0. */
  grad: Float32Array;
}

/** Inputs of the softmax cross-entropy backward: dL/dlogits = k_r · (probs − onehot(target)). */
export interface SoftmaxCrossEntropyBackwardOptions {
  /** [rows, classes] from the forward. */
  probs: Float32Array;
  classes: number;
  targets: Int32Array;
  ignoreIndex?: number;
  /** k_r for every row (e.g. 1/count for 'mean') unless scales is given. */
  scale: number;
  /** [rows] per-row k_r ('none'). */
  scales?: Float32Array;
}

/** Inputs of Linear's backward (y = x·Wᵀ + b, W [outF, inF]) for an upstream gradient g. */
export interface LinearBackwardOptions {
  /** Rows of x and g (every leading axis flattened). */
  rows: number;
  inF: number;
  outF: number;
  /** [rows, outF] dL/dy. */
  g: Float32Array;
  /** [rows, inF] the forward input. */
  x: Float32Array;
  /** [outF, inF] the weight. */
  weight: Float32Array;
  /** Compute dx (false when x needs no gradient). */
  needDx: boolean;
  /** Compute db (the layer has a bias). */
  needDb: boolean;
}

/** Linear's gradients. */
export interface LinearGrads {
  /** [rows, inF] g·W, or null when not asked for. */
  dx: Float32Array | null;
  /** [outF, inF] gᵀ·x. */
  dw: Float32Array;
  /** [outF] Σ_rows g, summed in float64 in row order, or null when not asked for. */
  db: Float32Array | null;
}

/** Inputs of the fused output head of a training step: logits = x·Wᵀ + b, then softmax cross-entropy and its gradient. */
export interface LinearCrossEntropyOptions {
  /** Rows of x (every leading axis flattened), one target per row. */
  rows: number;
  inF: number;
  /** Classes (the head's out-features). */
  outF: number;
  /** [rows, inF] the head's input. */
  x: Float32Array;
  /** [outF, inF] the head's weight. */
  weight: Float32Array;
  /** [outF] the head's bias, or null. */
  bias: Float32Array | null;
  /** One class index per row, or ignoreIndex. */
  targets: Int32Array;
  /** Rows with this target get no loss and no gradient; default −100. */
  ignoreIndex?: number;
  reduction: 'mean' | 'sum';
  /** Compute dx (false when x needs no gradient). */
  needDx: boolean;
}

/** The loss rows and the head's gradients (for an upstream gradient of 1). */
export interface LinearCrossEntropyResult extends LinearGrads {
  /** [rows] logsumexp − logit of the target, 0 for ignored rows (double precision). */
  rowLoss: Float64Array;
  /** Rows not ignored. */
  count: number;
}

/** The primitives every backend provides; modules and ops never depend on which one runs. */
export interface Backend {
  readonly name: 'js' | 'wasm';
  /** C = alpha · op(A) · op(B) + beta · C (+ bias per column). */
  gemm(options: GemmOptions): void;
  /** One Adam/AdamW update in place. */
  adamStep(options: AdamStepOptions): void;
  /**
   * A zero-filled array for long-lived state only its owner touches (an optimizer's moments),
   * placed where this backend's kernels read it fastest: the threaded wasm backend keeps it in
   * the kernels' shared memory and updates it in place; otherwise an ordinary array.
   */
  stateArray(length: number): Float32Array;
  /** out[r, :] = table[ids[r], :]; table [rows, dim], out [ids.length, dim]; ids already checked. */
  embeddingGather(table: Float32Array, dim: number, ids: Int32Array, out: Float32Array): void;
  /** grad[ids[r], :] += gradOut[r, :], skipping rows whose id is paddingIdx. */
  embeddingScatterAdd(
    grad: Float32Array,
    dim: number,
    ids: Int32Array,
    gradOut: Float32Array,
    options?: { paddingIdx?: number },
  ): void;
  /** Per-row softmax and loss of F.cross_entropy without weights or label smoothing. */
  softmaxCrossEntropy(options: SoftmaxCrossEntropyOptions): SoftmaxCrossEntropyResult;
  /** [rows, classes] gradient of the logits. */
  softmaxCrossEntropyBackward(options: SoftmaxCrossEntropyBackwardOptions): Float32Array;
  /** Forward and backward in one pass (no probabilities kept): what a training step needs. */
  softmaxCrossEntropyWithGrad(
    options: SoftmaxCrossEntropyOptions & { reduction: 'mean' | 'sum' },
  ): SoftmaxCrossEntropyGradResult;
  /** dx = g·W, dW = gᵀ·x, db = Σ_rows g: Linear's backward with g read once. */
  linearBackward(options: LinearBackwardOptions): LinearGrads;
  /**
   * Linear + softmax cross-entropy + both backward products in one call (a training step's
   * output head): the same values as gemm, softmaxCrossEntropyWithGrad and linearBackward in turn,
   * without handing the [rows, outF] logits and their gradient back and forth.
   */
  linearCrossEntropyWithGrad(options: LinearCrossEntropyOptions): LinearCrossEntropyResult;
  /** One recurrent layer, one direction, the whole sequence (core/kernels/recurrent's contract). */
  recurrentForward(cell: CellType, options: LayerForwardOptions): LayerForwardResult;
  /** Back-propagation through time for a cache from either backend's forward. */
  recurrentBackward(cell: CellType, cache: LayerCache, grads: LayerBackwardOptions): LayerGrads;
}
