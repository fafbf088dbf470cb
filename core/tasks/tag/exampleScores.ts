/** Tag's token accuracy split by sentence (its correctly tagged tokens, weighted by its tokens), for paired comparisons of two models on the same split. */
import { noGrad } from '../../tensor/autograd.ts';
import { evaluationBatches } from '../common/batching.ts';
import type { ExampleScores } from '../task.ts';
import { decodeTags } from './decode.ts';
import { type TagExamples, taggerInput } from './evaluate.ts';
import type { TaggerModel } from './model.ts';

const EVAL_BATCH = 64;

/** Runs the tagger over `examples` in eval mode, decoding as the evaluation does: per sentence, tokens right and tokens. */
export function tokenAccuracyByExample(
  model: TaggerModel,
  examples: TagExamples,
  options: { tags: readonly string[]; ner: boolean },
): ExampleScores {
  model.eval();
  const values = new Float64Array(examples.count);
  const weights = new Float64Array(examples.count);
  const T = options.tags.length;
  noGrad(() => {
    const lengths = Array.from({ length: examples.count }, (_, k) => examples.lengthOf(k));
    for (const idx of evaluationBatches(lengths, EVAL_BATCH)) {
      const items = idx.map((k) => examples.at(k));
      const batch = taggerInput(
        items,
        items.map((e) => e.ids),
      );
      const logits = model.forward(batch);
      const N = batch.batch;
      items.forEach((e, n) => {
        const predicted = decodeTags(
          logits.data,
          { length: e.ids.length, offsetOf: (t) => (t * N + n) * T },
          options,
        );
        const k = idx[n] as number;
        values[k] = e.tags.reduce((right, tag, t) => right + (tag === predicted[t] ? 1 : 0), 0);
        weights[k] = e.tags.length;
      });
    }
  });
  return { values, weights };
}
