/** Softmax cross-entropy (log-softmax + NLL, with an ignore index) over [rows, classes] logits on the WebAssembly kernels. */
import type {
  LinearCrossEntropyLoss,
  LinearCrossEntropyLossOptions,
  LinearCrossEntropyOptions,
  LinearCrossEntropyResult,
  SoftmaxCrossEntropyBackwardOptions,
  SoftmaxCrossEntropyGradResult,
  SoftmaxCrossEntropyOptions,
  SoftmaxCrossEntropyResult,
} from '../api/backend.ts';
import type { Scratch, WasmKernels } from './wasmKernels.ts';

export type { SoftmaxCrossEntropyOptions, SoftmaxCrossEntropyResult };

/** Row count below which (rows·classes < this) the loss stays on one thread. */
const SPLIT_VALUES = 65536;

/** Where a call's [rows, C] logits and its targets sit in the scratch layout. */
interface LogitRows {
  pLogits: number;
  rows: number;
  C: number;
  pTargets: number;
  ignoreIndex: number;
}

/** The softmax forward over row bands (both threads when the logits are large); returns the count. */
function forwardRows(sc: Scratch, p: LogitRows & { pProbs: number; pLoss: number }): number {
  const { rows, C } = p;
  return sc.rows('softmaxCrossEntropy', {
    rows,
    minRows: rows * C >= SPLIT_VALUES ? 8 : rows + 1,
    workFloats: 0,
    sumResults: true,
    args: (b0, b1) => [
      p.pLogits + b0 * C * 4,
      b1 - b0,
      C,
      p.pTargets + b0 * 4,
      p.ignoreIndex,
      p.pProbs + b0 * C * 4,
      p.pLoss + b0 * 8,
    ],
  });
}

/** The softmax backward over row bands (both threads when the logits are large). */
function backwardRows(
  sc: Scratch,
  p: {
    pProbs: number;
    rows: number;
    C: number;
    pTargets: number;
    ignoreIndex: number;
    scale: number;
    pScales: number;
    pGrad: number;
  },
): void {
  const { rows, C } = p;
  sc.rows('softmaxCrossEntropyBackward', {
    rows,
    minRows: rows * C >= SPLIT_VALUES ? 8 : rows + 1,
    workFloats: 0,
    args: (b0, b1) => [
      p.pProbs + b0 * C * 4,
      b1 - b0,
      C,
      p.pTargets + b0 * 4,
      p.ignoreIndex,
      p.scale,
      p.pScales === 0 ? 0 : p.pScales + b0 * 4,
      p.pGrad + b0 * C * 4,
    ],
  });
}

/** Rows whose target is not ignoreIndex. */
function countTargets(targets: Int32Array, rows: number, ignoreIndex: number): number {
  let count = 0;
  for (let r = 0; r < rows; r++) if (targets[r] !== ignoreIndex) count++;
  return count;
}

/**
 * A training step's loss rows (at the returned pLoss) and their gradient, written over the logits
 * at pLogits: 'mean' scales rows by 1/count. One pass per row (softmaxCrossEntropyWithGrad, over
 * row bands on both threads when the logits are large), the same bits as forwardRows then
 * backwardRows over a separate probabilities buffer.
 */
function lossAndGradInPlace(
  sc: Scratch,
  p: LogitRows & { reduction: 'mean' | 'sum'; targets: Int32Array },
): { pLoss: number; count: number } {
  const { pLogits, rows, C, pTargets, ignoreIndex } = p;
  const pLoss = sc.takeF64(rows);
  const count = countTargets(p.targets, rows, ignoreIndex);
  const scale = p.reduction === 'mean' ? 1 / count : 1;
  sc.rows('softmaxCrossEntropyWithGrad', {
    rows,
    minRows: rows * C >= SPLIT_VALUES ? 8 : rows + 1,
    workFloats: 0,
    args: (b0, b1) => [
      pLogits + b0 * C * 4,
      b1 - b0,
      C,
      pTargets + b0 * 4,
      ignoreIndex,
      scale,
      pLoss + b0 * 8,
    ],
  });
  return { pLoss, count };
}

/**
 * Forward of F.cross_entropy without class weights or label smoothing: per-row softmax and loss.
 * The 'mean' loss is Σ rowLoss / count, 'sum' is Σ rowLoss.
 */
export function wasmSoftmaxCrossEntropy(
  kernels: WasmKernels,
  o: SoftmaxCrossEntropyOptions,
): SoftmaxCrossEntropyResult {
  const { logits, classes: C, targets } = o;
  const ignoreIndex = o.ignoreIndex ?? -100;
  const rows = logits.length / C;
  return kernels.withScratch((sc) => {
    const pLogits = sc.put(logits);
    const pTargets = sc.putI32(targets);
    const pProbs = sc.take(rows * C);
    const pLoss = sc.takeF64(rows);
    const count = forwardRows(sc, { pLogits, rows, C, pTargets, ignoreIndex, pProbs, pLoss });
    return { probs: sc.read(pProbs, rows * C), rowLoss: sc.readF64(pLoss, rows), count };
  });
}

/**
 * dL/dlogits = k_r · (probs − onehot(target)) per row; k_r = scale (e.g. 1/count for 'mean'),
 * or scales[r] per row ('none'); ignored rows get 0.
 */
export function wasmSoftmaxCrossEntropyBackward(
  kernels: WasmKernels,
  o: SoftmaxCrossEntropyBackwardOptions,
): Float32Array {
  const { probs, classes: C, targets } = o;
  const ignoreIndex = o.ignoreIndex ?? -100;
  const rows = probs.length / C;
  const scales = o.scales;
  return kernels.withScratch((sc) => {
    const pProbs = sc.put(probs);
    const pTargets = sc.putI32(targets);
    const pScales = scales === undefined ? 0 : sc.put(scales);
    const pGrad = sc.take(rows * C);
    backwardRows(sc, { pProbs, rows, C, pTargets, ignoreIndex, scale: o.scale, pScales, pGrad });
    return sc.read(pGrad, rows * C);
  });
}

/**
 * Forward and backward in one wasm call (logits in; loss rows and gradient out; the probabilities
 * never leave wasm memory): the 'mean' gradient scales rows by 1/count, 'sum' by 1.
 */
export function wasmSoftmaxCrossEntropyWithGrad(
  kernels: WasmKernels,
  o: SoftmaxCrossEntropyOptions & { reduction: 'mean' | 'sum' },
): SoftmaxCrossEntropyGradResult {
  const { logits, classes: C, targets } = o;
  const ignoreIndex = o.ignoreIndex ?? -100;
  const rows = logits.length / C;
  return kernels.withScratch((sc) => {
    const pLogits = sc.put(logits);
    const pTargets = sc.putI32(targets);
    const p = { pLogits, rows, C, pTargets, ignoreIndex, reduction: o.reduction, targets };
    const { pLoss, count } = lossAndGradInPlace(sc, p);
    return { rowLoss: sc.readF64(pLoss, rows), count, grad: sc.read(pLogits, rows * C) };
  });
}

/**
 * The output head of a training step in one scratch layout: logits = x·Wᵀ + b (gemm, or the
 * given logits copied in), the
 * cross-entropy's loss rows and gradient over them in place, then dx = G·W, dW = Gᵀ·x and the
 * float64 bias sums — the same kernels, in the same order and bands, as gemm,
 * softmaxCrossEntropyWithGrad and linearBackward, so the results are bit-identical to those three
 * calls; only x, W, b and the targets go in and only the loss rows and the gradients come out
 * (the [rows, outF] logits and their gradient never leave wasm memory).
 * @throws ShapeError when an array is shorter than its shape (the scratch copy's own guard).
 */
export function wasmLinearCrossEntropyWithGrad(
  kernels: WasmKernels,
  o: LinearCrossEntropyOptions,
): LinearCrossEntropyResult {
  const { rows, inF, outF: C } = o;
  return kernels.withScratch((sc) => {
    const { px, pw, pBias, pLogits, pLoss, count } = headLossInPlace(sc, o);
    let pdx = 0;
    if (o.needDx) {
      pdx = sc.take(rows * inF);
      sc.gemm({ m: rows, n: inF, k: C, a: pLogits, b: pw, c: pdx });
    }
    const pdw = sc.take(C * inF);
    sc.gemm({ m: C, n: inF, k: rows, a: pLogits, b: px, c: pdw, transA: true });
    let pdb = 0;
    if (pBias !== 0) {
      pdb = sc.take(C);
      sc.columnSums(pLogits, rows, C, pdb);
    }
    return {
      rowLoss: sc.readF64(pLoss, rows),
      count,
      dx: o.needDx ? sc.readPooled(pdx, rows * inF) : null,
      dw: sc.readPooled(pdw, C * inF),
      db: pBias === 0 ? null : sc.read(pdb, C),
    };
  });
}

/**
 * The loss rows of {@link wasmLinearCrossEntropyWithGrad} alone, bit for bit (the same gemm and
 * loss kernel): only the loss rows leave wasm memory.
 */
export function wasmLinearCrossEntropyLoss(
  kernels: WasmKernels,
  o: LinearCrossEntropyLossOptions,
): LinearCrossEntropyLoss {
  return kernels.withScratch((sc) => {
    const { pLoss, count } = headLossInPlace(sc, o);
    return { rowLoss: sc.readF64(pLoss, o.rows), count };
  });
}

/** The head's operands copied in, logits = x·Wᵀ + b, then the loss rows and their gradient in place over the logits. */
function headLossInPlace(
  sc: Scratch,
  o: LinearCrossEntropyLossOptions,
): { px: number; pw: number; pBias: number; pLogits: number; pLoss: number; count: number } {
  const { rows, inF, outF: C } = o;
  const px = sc.put(o.x, rows * inF);
  const pw = sc.put(o.weight, C * inF);
  const pBias = o.bias === null ? 0 : sc.put(o.bias, C);
  const pTargets = sc.putI32(o.targets);
  const pLogits = sc.take(rows * C);
  sc.gemm({ m: rows, n: C, k: inF, a: px, b: pw, c: pLogits, transB: true, bias: pBias });
  const { pLoss, count } = lossAndGradInPlace(sc, {
    pLogits,
    rows,
    C,
    pTargets,
    ignoreIndex: o.ignoreIndex ?? -100,
    reduction: o.reduction,
    targets: o.targets,
  });
  return { px, pw, pBias, pLogits, pLoss, count };
}
