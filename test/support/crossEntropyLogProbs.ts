/** Log-probabilities as a backend's cross-entropy gives them: the reference beam-search scores are compared with. */
import type { Backend } from '../../core/kernels/api/backend.ts';

/** Minus `backend`'s cross-entropy loss of each of `ids` as the target of `row` (its logits). */
export function crossEntropyLogProbs(
  backend: Backend,
  row: Float32Array,
  ids: ArrayLike<number>,
): number[] {
  const V = row.length;
  const logits = new Float32Array(ids.length * V);
  for (let i = 0; i < ids.length; i++) logits.set(row, i * V);
  const { rowLoss } = backend.softmaxCrossEntropy({
    logits,
    classes: V,
    targets: Int32Array.from(ids),
  });
  return Array.from(rowLoss, (loss) => -loss);
}
