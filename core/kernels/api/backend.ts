/** The kernel backend API: the hot primitives every backend (TypeScript, WebAssembly) implements, and their options. */

import type { BroadcastPlan } from './broadcast.ts';
import type { ImageKernels } from './image.ts';
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

/** The elementwise binary ops of the tensor layer. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

/** The elementwise unary maps of the tensor layer (pow takes an exponent, clamp two bounds). */
export type UnaryOp =
  | 'neg'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'pow'
  | 'clamp';

/** A xoshiro128** generator state, as Random.getState() gives it. */
export type XoshiroState = [number, number, number, number];

/** Inputs of one inverted-dropout mask draw (see Backend.dropoutMask). */
export interface DropoutMaskOptions {
  /** Probability of zeroing an element. */
  p: number;
  /** What kept elements are multiplied by: 1 / (1 − p). */
  scale: number;
  x: Float32Array;
  /** x · mask, written. */
  out: Float32Array;
  /** 0 or scale per element, written. */
  mask: Float32Array;
}

/** Copies the slab [start, start + length) of the middle dimension of src ([outer, srcSize, inner]) into dst ([outer, dstSize, inner]) at `at`. */
export interface CopySlabOptions {
  src: Float32Array;
  srcSize: number;
  start: number;
  dst: Float32Array;
  dstSize: number;
  at: number;
  length: number;
  outer: number;
  inner: number;
}

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

/** The fused head's loss alone (evaluation): its options without the gradients'. */
export type LinearCrossEntropyLossOptions = Omit<LinearCrossEntropyOptions, 'needDx'>;

/** The fused head's loss rows. */
export interface LinearCrossEntropyLoss {
  /** [rows] logsumexp − logit of the target, 0 for ignored rows (double precision). */
  rowLoss: Float64Array;
  /** Rows not ignored. */
  count: number;
}

/** The loss rows and the head's gradients (for an upstream gradient of 1). */
export interface LinearCrossEntropyResult extends LinearGrads, LinearCrossEntropyLoss {}

/** The weights of y = x·Wᵀ + b (W [outF, inF], PyTorch's layout) for {@link Backend.prepareLinear}. */
export interface PrepareLinearOptions {
  inF: number;
  outF: number;
  /** [outF, inF]; read once (later changes to it are not seen). */
  weight: Float32Array;
  /** [outF] or null. */
  bias: Float32Array | null;
}

/**
 * A Linear's weights made ready once for many products with the same weights (decoding: one per
 * step): the wasm backend keeps op(W) packed in its memory, so no step copies or packs it again.
 */
export interface PreparedLinear {
  readonly inF: number;
  readonly outF: number;
  /** out [rows, outF] = x [rows, inF]·Wᵀ + b, the same values as gemm with transB and the bias. */
  apply(x: Float32Array, rows: number, out: Float32Array): void;
  /**
   * out[r] = the index of the largest of apply's row r (the first on ties, NaN never chosen, 0
   * when no value exceeds −∞), as argmaxRows over apply's output; the logits need not leave the
   * kernels' memory (greedy decoding).
   */
  applyArgmax(x: Float32Array, rows: number, out: Int32Array): void;
  /**
   * For each row r of apply's output: the `count` (1 ≤ count ≤ outF) columns of largest value,
   * largest first, the lower column first on ties, into ids [r·count, (r + 1)·count), and their
   * log-softmax values (the value less the row's log-sum-exp, as this backend's cross-entropy
   * computes it) into logProbs at the same places; the logits need not leave the kernels' memory
   * (beam search). The TypeScript reference is topLogProbRows (api/topLogProbs.ts).
   * @throws ShapeError for a count outside [1, outF] or outputs shorter than rows·count.
   */
  applyTopLogProbs(
    x: Float32Array,
    rows: number,
    count: number,
    ids: Int32Array,
    logProbs: Float64Array,
  ): void;
  /** Gives resident memory back; apply must not be called afterwards. */
  free(): void;
}

/** One layer-direction's weights for {@link Backend.prepareRecurrentStep}, read once. */
export interface PrepareRecurrentStepOptions {
  inputSize: number;
  hiddenSize: number;
  /** [G·H, inputSize]. */
  wIh: Float32Array;
  /** [G·H, H]. */
  wHh: Float32Array;
  bIh: Float32Array | null;
  bHh: Float32Array | null;
}

/** A recurrent layer-direction made ready for many single time steps (inference, no cache kept). */
export interface PreparedRecurrentStep {
  /**
   * One time step of `rows` rows: h [rows, H] (and c [rows, H] for an LSTM, else null) are
   * replaced by the state after x [rows, inputSize]; the same values as recurrentForward with
   * seqLen 1.
   */
  step(x: Float32Array, rows: number, h: Float32Array, c: Float32Array | null): void;
  /** Gives resident memory back; step must not be called afterwards. */
  free(): void;
}

/** A decoder without attention for {@link Backend.prepareGreedyDecoder}: every array read once. */
export interface PrepareGreedyDecoderOptions {
  cell: CellType;
  /** The target embedding [vocab, dim]. */
  embedding: { vocab: number; dim: number; weight: Float32Array };
  /** The unidirectional stack, bottom layer first (layer 0's inputSize is the embedding's dim). */
  layers: PrepareRecurrentStepOptions[];
  /** The output head over the top layer's state; its outF must not exceed the embedding's vocab. */
  head: PrepareLinearOptions;
}

/** Where a greedy run starts: {@link PreparedGreedyDecoder.run}'s arguments. */
export interface GreedyRunOptions {
  rows: number;
  /** Each row's first input token [rows] (<bos>). */
  first: Int32Array;
  /** The initial state h [layers, rows, H] (and c for an LSTM, null for zeros; null otherwise). */
  h: Float32Array;
  c: Float32Array | null;
  /** Most steps. */
  maxSteps: number;
  /** The token that ends a row (<eos>): a row's later tokens are not read. */
  stop: number;
}

/**
 * Greedy decoding made ready once (embedding, stack and head): each step feeds each row's arg-max
 * (the first on ties) back as its next input, the values of PreparedRecurrentStep.step and
 * PreparedLinear.applyArgmax step by step. The wasm backend runs every step of a row band in one
 * call, each thread its own band, so a run hands off to the helper thread once.
 */
export interface PreparedGreedyDecoder {
  /**
   * Tokens [maxSteps, rows] step-major: row r's tokens up to and including its first `stop`;
   * after a row's `stop`, and past the step at which every row of its band has stopped, values
   * are unspecified.
   */
  run(options: GreedyRunOptions): Int32Array;
  /** Gives resident memory back; run must not be called afterwards. */
  free(): void;
}

/**
 * The kernels behind the tensor layer's elementwise ops, reductions, data movement and dropout
 * (core/tensor, core/nn/dropout.ts). Arrays are row-major; a dimension-wise kernel sees its
 * tensor as [outer, size, inner] with the reduced (or softmaxed) dimension in the middle.
 * Arguments arrive checked: the ops above validate shapes and dims and size every output.
 */
export interface TensorKernels {
  /** out = a ∘ b for same-length arrays. */
  binarySame(op: BinaryOp, a: Float32Array, b: Float32Array, out: Float32Array): void;
  /** out = a ∘ s, or s ∘ a with scalarFirst. */
  binaryScalar(
    op: BinaryOp,
    a: Float32Array,
    s: number,
    out: Float32Array,
    scalarFirst: boolean,
  ): void;
  /** out = a ∘ b with the broadcast `plan` (operands a, b) made by broadcastPlan. */
  binaryBroadcast(
    op: BinaryOp,
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    plan: BroadcastPlan,
  ): void;
  /** dst = scale · (g summed down to the plan's single operand): the gradient of a broadcast. */
  sumToOperand(g: Float32Array, dst: Float32Array, plan: BroadcastPlan, scale: number): void;
  /** out = op(x); `p` is pow's exponent, `p`/`q` clamp's bounds. */
  unary(op: UnaryOp, x: Float32Array, out: Float32Array, p: number, q: number): void;
  /** out = g · op'(x), through the forward output y where cheaper; out may be g. */
  unaryBackward(
    op: UnaryOp,
    g: Float32Array,
    x: Float32Array,
    y: Float32Array,
    out: Float32Array,
    p: number,
    q: number,
  ): void;
  /** out[o, i] = Σ_d x[o, d, i], accumulated in float64. */
  sumDim(x: Float32Array, outer: number, size: number, inner: number, out: Float32Array): void;
  /** dst[o, d, i] = g[o, i] · scale: the gradient of a sum or a mean. */
  expandDim(
    g: Float32Array,
    outer: number,
    size: number,
    inner: number,
    scale: number,
    dst: Float32Array,
  ): void;
  /** out[o, i] = max_d x[o, d, i], arg its first index; a NaN wins, as in PyTorch. */
  maxDim(
    x: Float32Array,
    outer: number,
    size: number,
    inner: number,
    out: Float32Array,
    arg: Int32Array,
  ): void;
  /** y = softmax (or log-softmax with `log`) of x along the middle dimension. */
  softmaxDim(
    x: Float32Array,
    outer: number,
    size: number,
    inner: number,
    y: Float32Array,
    options: { log: boolean },
  ): void;
  /** gx from the upstream g and the forward output y of softmaxDim. */
  softmaxBackwardDim(
    g: Float32Array,
    y: Float32Array,
    outer: number,
    size: number,
    inner: number,
    gx: Float32Array,
    options: { log: boolean },
  ): void;
  /** out = x with its axes reordered (out's axis j is x's axis perm[j]). */
  permuteCopy(
    x: Float32Array,
    shape: readonly number[],
    perm: readonly number[],
    out: Float32Array,
  ): void;
  /** One slab copy along the middle dimension (narrow, concat and their gradients). */
  copySlab(options: CopySlabOptions): void;
  /**
   * The inverted-dropout mask: for each element in order, u = the next xoshiro128** draw / 2³²
   * from `state` (exactly Random.next()), mask = u ≥ p ? scale : 0, out = x · mask.
   * @returns the generator's state after the last draw.
   */
  dropoutMask(
    state: readonly [number, number, number, number],
    options: DropoutMaskOptions,
  ): XoshiroState;
}

/**
 * The primitives every backend provides; modules and ops never depend on which one runs.
 * Arguments are checked once, above the backends, by the op that calls them (crossEntropy's
 * targets, Embedding's ids, Linear's and the recurrent layers' shapes, the optimizer's gradient
 * sizes), so no backend repeats those checks; the wasm kernels keep only the guards of their own
 * memory (an operand shorter than the layout it is copied into).
 */
export interface Backend extends TensorKernels, ImageKernels {
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
  /**
   * The same loss rows without the gradients, the logits never leaving the kernels (evaluation:
   * the values linearCrossEntropyWithGrad gives).
   */
  linearCrossEntropyLoss(options: LinearCrossEntropyLossOptions): LinearCrossEntropyLoss;
  /** One recurrent layer, one direction, the whole sequence (core/kernels/recurrent's contract). */
  recurrentForward(cell: CellType, options: LayerForwardOptions): LayerForwardResult;
  /** Back-propagation through time for a cache from either backend's forward. */
  recurrentBackward(cell: CellType, cache: LayerCache, grads: LayerBackwardOptions): LayerGrads;
  /** A Linear's weights prepared for many products (decoding); see PreparedLinear. */
  prepareLinear(options: PrepareLinearOptions): PreparedLinear;
  /** One layer-direction prepared for many single time steps (decoding); see PreparedRecurrentStep. */
  prepareRecurrentStep(cell: CellType, options: PrepareRecurrentStepOptions): PreparedRecurrentStep;
  /** An embedding, stack and head prepared for greedy decoding; see PreparedGreedyDecoder. */
  prepareGreedyDecoder(options: PrepareGreedyDecoderOptions): PreparedGreedyDecoder;
}
