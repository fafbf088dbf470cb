/** Classify evaluation: the model's loss, accuracy, macro-F1 and confusion matrix, and the majority-class baseline. */

import { accuracy, classScores, confusionMatrix, macroF1 } from '../../metrics/classification.ts';
import { crossEntropy } from '../../nn/losses.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { evaluationBatches, timeMajor } from '../common/batching.ts';
import type { EvaluationReport } from '../task.ts';
import type { ClassifyExample } from './data.ts';
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
  examples: readonly ClassifyExample[],
  classes: readonly string[],
): EvaluationReport {
  model.eval();
  const gold = Int32Array.from(examples, (e) => e.label);
  const predicted = new Int32Array(examples.length);
  let lossSum = 0;
  noGrad(() => {
    for (const idx of evaluationBatches(
      examples.map((e) => e.ids.length),
      EVAL_BATCH,
    )) {
      const batch = timeMajor(idx.map((i) => (examples[i] as ClassifyExample).ids));
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
  const loss = examples.length === 0 ? Number.NaN : lossSum / examples.length;
  return report(gold, predicted, classes, { loss });
}

/** The majority-class baseline: predicts `majority` (the training part's most frequent class) for every example. */
export function majorityBaseline(
  examples: readonly ClassifyExample[],
  classes: readonly string[],
  majority: number,
): EvaluationReport {
  const gold = Int32Array.from(examples, (e) => e.label);
  const predicted = new Int32Array(examples.length).fill(majority);
  return report(gold, predicted, classes, {
    description: `majority class '${classes[majority]}'`,
  });
}
