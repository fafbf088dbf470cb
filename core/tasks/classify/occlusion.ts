/** Occlusion for a classifier: how much the predicted class's probability falls when each token is removed. */
import { ConfigError } from '../../errors.ts';

/**
 * Class probabilities for a batch of token-id sequences: `[N·C]` row-major, one softmax row per
 * sequence.
 */
export type ProbabilitiesOf = (sequences: readonly (readonly number[])[]) => ArrayLike<number>;

/**
 * Occlusion importance of each token for class `classIndex`: p(class | ids) − p(class | ids
 * without token t), all N occluded copies and the original run as one batch.
 * A one-token text is compared with `fallbackId` alone (a classifier needs at least one token).
 * @param ids the sequence as the model reads it, length N ≥ 1.
 * @returns N deltas in [−1, 1], in reading order: positive when the token supported the class.
 * @throws ConfigError for an empty sequence or a class index outside `[0, C)`.
 */
export function occlusionDeltas(
  probabilitiesOf: ProbabilitiesOf,
  ids: readonly number[],
  options: { classIndex: number; numClasses: number; fallbackId: number },
): number[] {
  const { classIndex: c, numClasses: C, fallbackId } = options;
  if (ids.length === 0) {
    throw new ConfigError('occlusionDeltas: ids must hold at least 1 token, got 0.');
  }
  if (!Number.isInteger(c) || c < 0 || c >= C) {
    throw new ConfigError(`occlusionDeltas: classIndex must be in [0, ${C}), got ${c}.`);
  }
  const occluded = ids.map((_, t) => {
    const rest = [...ids.slice(0, t), ...ids.slice(t + 1)];
    return rest.length === 0 ? [fallbackId] : rest;
  });
  const probs = probabilitiesOf([ids, ...occluded]);
  const base = probs[c] as number;
  return occluded.map((_, t) => base - (probs[(t + 1) * C + c] as number));
}
