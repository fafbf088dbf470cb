/** Classify's accuracy split by example (1 when the model's class is the gold one, else 0), for paired comparisons of two models on the same split. */
import { sequenceLengths, sequenceOf, type TokenStore } from '../../data/tokenStore.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { evaluationBatches, timeMajor } from '../common/batching.ts';
import type { ExampleScores } from '../task.ts';
import type { ClassifierModel } from './model.ts';

const EVAL_BATCH = 64;

/** Runs the model over `examples` in eval mode: each example's value is 1 when its arg-max class is the gold label, weight 1. */
export function accuracyByExample(
  model: ClassifierModel,
  examples: TokenStore,
  numClasses: number,
): ExampleScores {
  model.eval();
  const values = new Float64Array(examples.count);
  noGrad(() => {
    for (const idx of evaluationBatches(sequenceLengths(examples), EVAL_BATCH)) {
      const logits = model.forward(timeMajor(idx.map((i) => sequenceOf(examples, i))));
      idx.forEach((exampleIndex, n) => {
        let best = 0;
        for (let c = 1; c < numClasses; c++) {
          const row = n * numClasses;
          if ((logits.data[row + c] as number) > (logits.data[row + best] as number)) best = c;
        }
        values[exampleIndex] = best === examples.labels[exampleIndex] ? 1 : 0;
      });
    }
  });
  return { values, weights: new Float64Array(examples.count).fill(1) };
}
