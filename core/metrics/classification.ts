/** Classification metrics over class ids: accuracy, confusion matrix, per-class precision/recall/F1 and macro-F1. */
import { ConfigError } from '../errors.ts';

/** Precision, recall, F1 and gold support of one class (or tag, or entity type). */
export interface ClassScores {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

function checkPair(where: string, gold: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (gold.length !== predicted.length) {
    throw new ConfigError(
      `${where}: predicted must have the length of gold ${gold.length}, got ${predicted.length}.`,
    );
  }
}

/**
 * Share of positions where `predicted` equals `gold`; NaN for no examples.
 * @param gold class ids `[n]`
 * @param predicted class ids `[n]`
 * @throws ConfigError when the lengths differ.
 */
export function accuracy(gold: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkPair('accuracy', gold, predicted);
  if (gold.length === 0) return Number.NaN;
  let right = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) right++;
  return right / gold.length;
}

/**
 * `counts[g][p]` = examples of gold class g predicted as p, for ids in `[0, numClasses)`.
 * @throws ConfigError when the lengths differ or an id is outside `[0, numClasses)`.
 */
export function confusionMatrix(
  gold: ArrayLike<number>,
  predicted: ArrayLike<number>,
  numClasses: number,
): number[][] {
  checkPair('confusionMatrix', gold, predicted);
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i] as number;
    const p = predicted[i] as number;
    for (const id of [g, p]) {
      if (!Number.isInteger(id) || id < 0 || id >= numClasses) {
        throw new ConfigError(
          `confusionMatrix: class ids must be integers in [0, ${numClasses}), got ${id}.`,
        );
      }
    }
    (counts[g] as number[])[p] = ((counts[g] as number[])[p] as number) + 1;
  }
  return counts;
}

/** p / (p + r) style division that gives 0 for 0/0, as scikit-learn's zero_division=0 does. */
export function safeDivide(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** F1 from precision and recall (0 when both are 0). */
export function f1Of(precision: number, recall: number): number {
  return safeDivide(2 * precision * recall, precision + recall);
}

/**
 * Per-class precision, recall and F1 from a confusion matrix (0 where undefined, as
 * scikit-learn's `zero_division=0`).
 * @param labels class names in id order (as many as the matrix has rows)
 */
export function classScores(
  counts: readonly (readonly number[])[],
  labels: readonly string[],
): ClassScores[] {
  return labels.map((label, c) => {
    const tp = counts[c]?.[c] ?? 0;
    let goldCount = 0;
    let predCount = 0;
    for (let k = 0; k < labels.length; k++) {
      goldCount += counts[c]?.[k] ?? 0;
      predCount += counts[k]?.[c] ?? 0;
    }
    const precision = safeDivide(tp, predCount);
    const recall = safeDivide(tp, goldCount);
    return { label, precision, recall, f1: f1Of(precision, recall), support: goldCount };
  });
}

/**
 * Macro-averaged F1: the unweighted mean of per-class F1 over the classes that occur in gold or
 * in the predictions (scikit-learn's `f1_score(average='macro')` without `labels`); NaN for no examples.
 * @throws ConfigError as {@link confusionMatrix}.
 */
export function macroF1(
  gold: ArrayLike<number>,
  predicted: ArrayLike<number>,
  numClasses: number,
): number {
  const counts = confusionMatrix(gold, predicted, numClasses);
  const labels = Array.from({ length: numClasses }, (_, i) => String(i));
  const scores = classScores(counts, labels);
  let sum = 0;
  let present = 0;
  scores.forEach((s, c) => {
    const predCount = counts.reduce((acc, row) => acc + (row[c] as number), 0);
    if (s.support === 0 && predCount === 0) return;
    sum += s.f1;
    present++;
  });
  return present === 0 ? Number.NaN : sum / present;
}
