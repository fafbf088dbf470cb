/** Tag evaluation: token accuracy, span-level entity F1 (NER, seqeval's definition) or per-tag scores (POS), and the most-frequent-tag baseline. */

import { classScores } from '../../metrics/classification.ts';
import { entityScores, tokenAccuracy } from '../../metrics/tagging.ts';
import { crossEntropy } from '../../nn/losses.ts';
import { noGrad } from '../../tensor/autograd.ts';
import {
  type EvaluationProgress,
  evaluationBatches,
  IGNORE_INDEX,
  pick,
  timeMajor,
  timeMajorTargets,
  withProgress,
} from '../common/batching.ts';
import type { EvaluationReport, Metrics } from '../task.ts';
import { decodeTags } from './decode.ts';
import { type TaggerInput, type TaggerModel, wordChars } from './model.ts';

/** One encoded sentence. */
export interface TagExample {
  /** The words as in the file. */
  words: string[];
  /** Word ids. */
  ids: number[];
  /** Gold tags (IOB2 for NER). */
  tags: string[];
  /** Tag ids; −100 (ignored by the loss) for a tag the training part never had. */
  targets: number[];
  /** Per word, its character ids (CharVocab.encode); present when the model has a character encoder. */
  chars?: number[][];
}

/**
 * The model input of a batch of examples with the given word ids (`ids[k]` for `items[k]`, a
 * prefix of its words): time-major ids, and the words' characters when the examples carry them.
 * @throws ConfigError for an empty batch or an empty sentence.
 */
export function taggerInput(
  items: readonly TagExample[],
  ids: readonly (readonly number[])[],
): TaggerInput {
  const input = timeMajor(ids);
  if (items.every((e) => e.chars === undefined)) return input;
  const chars = items.map((e, k) => (e.chars ?? []).slice(0, (ids[k] as readonly number[]).length));
  return { ...input, chars: wordChars(chars, input.steps) };
}

/** Examples per evaluation batch. */
const EVAL_BATCH = 64;

/** Metrics and per-label scores of predicted tags against gold. */
export function scoreTags(
  gold: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
  options: { tagSet: readonly string[]; ner: boolean },
): { metrics: Metrics; perLabel: EvaluationReport['perLabel'] } {
  const metrics: Metrics = { tokenAccuracy: tokenAccuracy(gold, predicted) };
  if (options.ner) {
    const s = entityScores(gold, predicted);
    metrics.entityF1 = s.f1;
    metrics.entityPrecision = s.precision;
    metrics.entityRecall = s.recall;
    return { metrics, perLabel: s.perType };
  }
  const labels = [...new Set([...options.tagSet, ...gold.flat()])];
  const index = new Map(labels.map((t, i) => [t, i]));
  const counts = labels.map(() => new Array<number>(labels.length).fill(0));
  gold.forEach((g, s) => {
    g.forEach((tag, t) => {
      const row = counts[index.get(tag) as number] as number[];
      const col = index.get((predicted[s] as readonly string[])[t] as string) as number;
      row[col] = (row[col] as number) + 1;
    });
  });
  return { metrics, perLabel: classScores(counts, labels).filter((s) => s.support > 0) };
}

/** The report of predicted tags against the examples' gold tags, `metrics` first when given (the loss). */
function tagReport(
  examples: readonly TagExample[],
  predicted: readonly (readonly string[])[],
  options: { tags: readonly string[]; ner: boolean; metrics?: Metrics },
): EvaluationReport {
  const scored = scoreTags(
    examples.map((e) => e.tags),
    predicted,
    { tagSet: options.tags, ner: options.ner },
  );
  return {
    examples: examples.length,
    metrics: { ...options.metrics, ...scored.metrics },
    ...(scored.perLabel !== undefined ? { perLabel: scored.perLabel } : {}),
  };
}

/**
 * Runs the tagger over `examples` in eval mode without gradients.
 * @returns loss (mean cross-entropy per token), tokenAccuracy, and for NER entityF1 / precision / recall
 */
export function evaluateTagger(
  model: TaggerModel,
  examples: readonly TagExample[],
  options: { tags: readonly string[]; ner: boolean },
  onProgress?: EvaluationProgress,
): EvaluationReport {
  model.eval();
  const predicted: string[][] = examples.map(() => []);
  let lossSum = 0;
  let lossTokens = 0;
  const T = options.tags.length;
  noGrad(() => {
    const lengths = examples.map((e) => e.ids.length);
    for (const idx of withProgress(evaluationBatches(lengths, EVAL_BATCH), onProgress)) {
      const items = pick(examples, idx);
      const batch = taggerInput(
        items,
        items.map((e) => e.ids),
      );
      const logits = model.forward(batch);
      const N = batch.batch;
      const { targets, tokens } = timeMajorTargets(
        items.map((e) => e.targets),
        batch,
      );
      lossTokens += tokens;
      lossSum += crossEntropy(logits, targets, { ignoreIndex: IGNORE_INDEX, reduction: 'sum' })
        .data[0] as number;
      items.forEach((e, n) => {
        predicted[idx[n] as number] = decodeTags(
          logits.data,
          { length: e.ids.length, offsetOf: (t) => (t * N + n) * T },
          options,
        );
      });
    }
  });
  const loss = lossTokens === 0 ? Number.NaN : lossSum / lossTokens;
  return tagReport(examples, predicted, { ...options, metrics: { loss } });
}

/** The baseline: each word's most frequent training tag, the overall most frequent tag for unknown words. */
export function mostFrequentTagBaseline(
  examples: readonly TagExample[],
  options: {
    byWord: ReadonlyMap<string, string>;
    fallback: string;
    tags: readonly string[];
    ner: boolean;
  },
): EvaluationReport {
  const predicted = examples.map((e) =>
    e.words.map((w) => options.byWord.get(w) ?? options.fallback),
  );
  return {
    ...tagReport(examples, predicted, options),
    description: `most frequent tag per word (unknown words: '${options.fallback}')`,
  };
}
