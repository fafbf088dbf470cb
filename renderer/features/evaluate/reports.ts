/** Per-example reports computed from held-out examples and the model's predictions: the confusion matrix, per-tag scores, tagging errors. */
import { classScores } from '../../../core/metrics/classification.ts';
import { entityScores } from '../../../core/metrics/tagging.ts';
import type { ConfusionMatrix, LabelScores } from '../../../core/tasks/task.ts';

/**
 * The confusion matrix of gold and predicted labels; labels sorted, every label seen on either side.
 * @throws RangeError when the lists differ in length.
 */
export function confusionOf(
  gold: readonly string[],
  predicted: readonly string[],
): ConfusionMatrix {
  if (gold.length !== predicted.length) {
    throw new RangeError(
      `confusionOf: predicted must have as many labels as gold (${gold.length}), got ${predicted.length}.`,
    );
  }
  const labels = [...new Set([...gold, ...predicted])].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = labels.map(() => labels.map(() => 0));
  gold.forEach((g, i) => {
    const row = counts[index.get(g) as number] as number[];
    const col = index.get(predicted[i] as string) as number;
    row[col] = (row[col] as number) + 1;
  });
  return { labels, counts };
}

/** True when the tags are IOB-style entity tags (B-PER, I-LOC, O). */
export function isEntityTagging(sentences: readonly (readonly string[])[]): boolean {
  return sentences.some((tags) => tags.some((t) => /^[BIES]-/.test(t)));
}

/**
 * Per-tag precision, recall and F1: per entity type over exact spans for IOB tags (as seqeval),
 * per tag over tokens otherwise (POS). Sorted by support, largest first.
 * @throws RangeError when sentence counts or lengths differ.
 */
export function tagScores(
  gold: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
): LabelScores[] {
  if (gold.length !== predicted.length || gold.some((g, i) => g.length !== predicted[i]?.length)) {
    throw new RangeError('tagScores: predicted must have the shape of gold, got another.');
  }
  const scores = isEntityTagging(gold)
    ? entityScores(gold, predicted).perType
    : (() => {
        const m = confusionOf(gold.flat(), predicted.flat());
        return classScores(m.counts, m.labels);
      })();
  return [...scores].filter((s) => s.support > 0).sort((a, b) => b.support - a.support);
}
