/** Classify evaluation: the model's loss, accuracy, macro-F1 and confusion matrix, and the majority-class baseline. */
import { sequenceLengths, sequenceOf, type TokenStore } from '../../data/tokenStore.ts';
import { accuracy, classScores, confusionMatrix, macroF1 } from '../../metrics/classification.ts';
import { crossEntropy } from '../../nn/losses.ts';
import { noGrad } from '../../tensor/autograd.ts';
import {
  type EvaluationProgress,
  evaluationBatches,
  timeMajor,
  withProgress,
} from '../common/batching.ts';
import type { EvaluationReport } from '../task.ts';
import type { ClassifierModel } from './model.ts';

/** Examples per evaluation batch. */
const EVAL_BATCH = 64;

function report(
  gold: Int32Array,
  predicted: Int32Array,
  classes: readonly string[],
  extra: { loss?: number; description?: string },
): EvaluationReport {
  const counts = confusionMatrix(gold, predicted, classes.length);
  return {
    examples: gold.length,
    metrics: {
      ...(extra.loss !== undefined ? { loss: extra.loss } : {}),
      accuracy: accuracy(gold, predicted),
      macroF1: macroF1(gold, predicted, classes.length),
    },
    confusion: { labels: [...classes], counts },
    perLabel: classScores(counts, classes),
    ...(extra.description !== undefined ? { description: extra.description } : {}),
  };
}

/**
 * Runs the model over `examples` in eval mode without gradients.
 * @returns loss (mean cross-entropy, unweighted), accuracy, macroF1, confusion and per-class scores.
 */
export function evaluateClassifier(
  model: ClassifierModel,
  examples: TokenStore,
  classes: readonly string[],
  onProgress?: EvaluationProgress,
): EvaluationReport {
  model.eval();
  const gold = examples.labels;
  const predicted = new Int32Array(examples.count);
  let lossSum = 0;
  noGrad(() => {
    const batches = evaluationBatches(sequenceLengths(examples), EVAL_BATCH);
    for (const idx of withProgress(batches, onProgress)) {
      const batch = timeMajor(idx.map((i) => sequenceOf(examples, i)));
      const logits = model.forward(batch);
      const targets = Int32Array.from(idx, (i) => gold[i] as number);
      lossSum += crossEntropy(logits, targets, { reduction: 'sum' }).data[0] as number;
      const C = classes.length;
      idx.forEach((exampleIndex, n) => {
        let best = 0;
        for (let c = 1; c < C; c++) {
          if ((logits.data[n * C + c] as number) > (logits.data[n * C + best] as number)) best = c;
        }
        predicted[exampleIndex] = best;
      });
    }
  });
  const loss = examples.count === 0 ? Number.NaN : lossSum / examples.count;
  return report(gold, predicted, classes, { loss });
}

/** The majority-class baseline: predicts `majority` (the training part's most frequent class) for every example. */
export function majorityBaseline(
  examples: TokenStore,
  classes: readonly string[],
  majority: number,
): EvaluationReport {
  const gold = examples.labels;
  const predicted = new Int32Array(examples.count).fill(majority);
  return report(gold, predicted, classes, {
    description: `majority class '${classes[majority]}'`,
  });
}
