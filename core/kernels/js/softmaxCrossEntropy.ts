/** Softmax cross-entropy (log-softmax + NLL with an ignore index) over [rows, classes] logits in plain TypeScript, double-precision accumulation. */
import type {
  SoftmaxCrossEntropyBackwardOptions,
  SoftmaxCrossEntropyGradResult,
  SoftmaxCrossEntropyOptions,
  SoftmaxCrossEntropyResult,
} from '../api/backend.ts';
import { logSumExp } from '../api/logSumExp.ts';

/**
 * Forward of F.cross_entropy without class weights or label smoothing: per-row softmax and loss
 * (exp and log in double, as the core's crossEntropy always computed them).
 */
export function softmaxCrossEntropyJs(o: SoftmaxCrossEntropyOptions): SoftmaxCrossEntropyResult {
  const { logits: x, classes: C, targets } = o;
  const ignoreIndex = o.ignoreIndex ?? -100;
  const rows = x.length / C;
  const probs = new Float32Array(x.length);
  const rowLoss = new Float64Array(rows);
  let count = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * C;
    const logZ = logSumExp(x, base, C);
    for (let c = 0; c < C; c++) probs[base + c] = Math.exp((x[base + c] as number) - logZ);
    const t = targets[i] as number;
    if (t === ignoreIndex) continue;
    count++;
    rowLoss[i] = logZ - (x[base + t] as number);
  }
  return { probs, rowLoss, count };
}

/**
 * dL/dlogits = k_r · (probs − onehot(target)) per row; k_r = scale, or scales[r]; ignored rows get 0.
 */
export function softmaxCrossEntropyBackwardJs(o: SoftmaxCrossEntropyBackwardOptions): Float32Array {
  const { probs, classes: C, targets, scales } = o;
  const ignoreIndex = o.ignoreIndex ?? -100;
  const rows = probs.length / C;
  const grad = new Float32Array(probs.length);
  for (let i = 0; i < rows; i++) {
    const t = targets[i] as number;
    if (t === ignoreIndex) continue;
    const k = scales === undefined ? o.scale : (scales[i] as number);
    const base = i * C;
    for (let c = 0; c < C; c++) grad[base + c] = k * (probs[base + c] as number);
    grad[base + t] = (grad[base + t] as number) - k;
  }
  return grad;
}

/**
 * The loss rows and the logits' gradient of the 'mean' (scale 1/count) or 'sum' (scale 1) loss.
 */
export function softmaxCrossEntropyWithGradJs(
  o: SoftmaxCrossEntropyOptions & { reduction: 'mean' | 'sum' },
): SoftmaxCrossEntropyGradResult {
  const { probs, rowLoss, count } = softmaxCrossEntropyJs(o);
  const scale = o.reduction === 'mean' ? 1 / count : 1;
  const grad = softmaxCrossEntropyBackwardJs({ ...o, probs, scale });
  return { rowLoss, count, grad };
}
