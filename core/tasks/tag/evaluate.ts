/** Tag evaluation: token accuracy, span-level entity F1 (NER, seqeval's definition) or per-tag scores (POS), and the most-frequent-tag baseline. */

import { ConfigError } from '../../errors.ts';
import { classScores } from '../../metrics/classification.ts';
import { EntityCounter } from '../../metrics/tagging.ts';
import { crossEntropy } from '../../nn/losses.ts';
import { noGrad } from '../../tensor/autograd.ts';
import {
  type EvaluationProgress,
  evaluationBatches,
  IGNORE_INDEX,
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

/** Examples to evaluate, each built when its batch needs it (from a corpus, or an array's items). */
export interface TagExamples {
  readonly count: number;
  /** Example k's number of words (for batching by length without building it). */
  lengthOf(k: number): number;
  at(k: number): TagExample;
}

/** An array of examples as {@link TagExamples}. */
export function exampleList(examples: readonly TagExample[]): TagExamples {
  return {
    count: examples.length,
    lengthOf: (k) => (examples[k] as TagExample).ids.length,
    at: (k) => examples[k] as TagExample,
  };
}

/**
 * Scores predicted tags against gold a sentence at a time, keeping counts only (correct tokens,
 * entity counts per type for NER, the tag confusion counts for POS), so the final evaluation of a
 * big split holds no tags per token.
 */
export class TagScorer {
  private right = 0;
  private total = 0;
  private readonly entities: EntityCounter | null;
  private readonly index = new Map<string, number>();
  private readonly counts: number[][] = [];

  constructor(options: { tagSet: readonly string[]; ner: boolean }) {
    this.entities = options.ner ? new EntityCounter() : null;
    if (!options.ner) for (const t of options.tagSet) this.labelOf(t);
  }

  private labelOf(tag: string): number {
    let i = this.index.get(tag);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(tag, i);
      for (const row of this.counts) row.push(0);
      this.counts.push(new Array<number>(i + 1).fill(0));
    }
    return i;
  }

  /**
   * Adds one sentence.
   * @throws ConfigError when `predicted` has not as many tags as `gold`.
   */
  add(gold: readonly string[], predicted: readonly string[]): void {
    if (gold.length !== predicted.length) {
      throw new ConfigError(
        `TagScorer.add: predicted must have ${gold.length} tags like gold, got ${predicted.length}.`,
      );
    }
    for (let t = 0; t < gold.length; t++) {
      this.total++;
      if (gold[t] === predicted[t]) this.right++;
    }
    if (this.entities !== null) {
      this.entities.add(gold, predicted);
      return;
    }
    for (let t = 0; t < gold.length; t++) {
      const row = this.counts[this.labelOf(gold[t] as string)] as number[];
      const col = this.labelOf(predicted[t] as string);
      row[col] = (row[col] as number) + 1;
    }
  }

  /** Token accuracy (NaN for no tokens), and entity scores (NER) or per-tag scores (POS). */
  result(): { metrics: Metrics; perLabel: EvaluationReport['perLabel'] } {
    const metrics: Metrics = {
      tokenAccuracy: this.total === 0 ? Number.NaN : this.right / this.total,
    };
    if (this.entities !== null) {
      const s = this.entities.scores();
      metrics.entityF1 = s.f1;
      metrics.entityPrecision = s.precision;
      metrics.entityRecall = s.recall;
      return { metrics, perLabel: s.perType };
    }
    const labels = [...this.index.keys()];
    return {
      metrics,
      perLabel: classScores(this.counts, labels).filter((s) => s.support > 0),
    };
  }
}

/**
 * Metrics and per-label scores of predicted tags against gold.
 * @throws ConfigError when sentence counts or lengths differ.
 */
export function scoreTags(
  gold: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
  options: { tagSet: readonly string[]; ner: boolean },
): { metrics: Metrics; perLabel: EvaluationReport['perLabel'] } {
  if (gold.length !== predicted.length) {
    throw new ConfigError(
      `scoreTags: predicted must have ${gold.length} sentences like gold, got ${predicted.length}.`,
    );
  }
  const scorer = new TagScorer(options);
  gold.forEach((g, i) => {
    scorer.add(g, predicted[i] as readonly string[]);
  });
  return scorer.result();
}

/** The report of a scorer that has seen `count` examples, `metrics` first when given (the loss). */
function tagReport(count: number, scorer: TagScorer, metrics?: Metrics): EvaluationReport {
  const scored = scorer.result();
  return {
    examples: count,
    metrics: { ...metrics, ...scored.metrics },
    ...(scored.perLabel !== undefined ? { perLabel: scored.perLabel } : {}),
  };
}

/**
 * Runs the tagger over `examples` in eval mode without gradients, a batch at a time: each batch's
 * examples are built, scored and let go.
 * @returns loss (mean cross-entropy per token), tokenAccuracy, and for NER entityF1 / precision / recall
 */
export function evaluateTagger(
  model: TaggerModel,
  examples: TagExamples,
  options: { tags: readonly string[]; ner: boolean },
  onProgress?: EvaluationProgress,
): EvaluationReport {
  model.eval();
  const scorer = new TagScorer({ tagSet: options.tags, ner: options.ner });
  let lossSum = 0;
  let lossTokens = 0;
  const T = options.tags.length;
  noGrad(() => {
    const lengths = Array.from({ length: examples.count }, (_, k) => examples.lengthOf(k));
    for (const idx of withProgress(evaluationBatches(lengths, EVAL_BATCH), onProgress)) {
      const items = idx.map((k) => examples.at(k));
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
        const predicted = decodeTags(
          logits.data,
          { length: e.ids.length, offsetOf: (t) => (t * N + n) * T },
          options,
        );
        scorer.add(e.tags, predicted);
      });
    }
  });
  const loss = lossTokens === 0 ? Number.NaN : lossSum / lossTokens;
  return tagReport(examples.count, scorer, { loss });
}

/** The baseline: each word's most frequent training tag, the overall most frequent tag for unknown words. */
export function mostFrequentTagBaseline(
  examples: TagExamples,
  options: {
    byWord: ReadonlyMap<string, string>;
    fallback: string;
    tags: readonly string[];
    ner: boolean;
  },
): EvaluationReport {
  const scorer = new TagScorer({ tagSet: options.tags, ner: options.ner });
  for (let k = 0; k < examples.count; k++) {
    const e = examples.at(k);
    scorer.add(
      e.tags,
      e.words.map((w) => options.byWord.get(w) ?? options.fallback),
    );
  }
  return {
    ...tagReport(examples.count, scorer),
    description: `most frequent tag per word (unknown words: '${options.fallback}')`,
  };
}
