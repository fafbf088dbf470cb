/** Caption evaluation: teacher-forced loss, greedy captions scored by BLEU-1..4 against every reference of each image, and the nearest-neighbour baseline by CNN feature. */
import { detokenize, type TokenizerConfig } from '../../data/tokenizers.ts';
import { PAD_ID, type Vocab } from '../../data/vocab.ts';
import { type BleuResult, corpusBleu } from '../../metrics/bleu.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { chunks, type EvaluationProgress, withProgress } from '../common/batching.ts';
import type { EvaluationReport } from '../task.ts';
import {
  batchFeatures,
  type CaptionExample,
  type CaptionSplit,
  IMAGE_CHUNK,
  makeCaptionBatch,
} from './data.ts';
import { greedyCaptions } from './decode.ts';
import type { CaptionModel } from './model.ts';

/** How captions are decoded and scored. */
export interface CaptionScoring {
  readonly tokenizer: TokenizerConfig;
  readonly vocab: Vocab;
  /** Most tokens decoded per caption. */
  readonly maxDecode: number;
}

/** BLEU-n (n = 1…4) from one corpus BLEU result: brevity penalty × the geometric mean of p₁…pₙ, in [0, 100]. */
export function bleuOfOrder(result: BleuResult, n: number): number {
  let logSum = 0;
  for (let k = 0; k < n; k++) {
    const total = result.totals[k] as number;
    const count = result.counts[k] as number;
    if (total === 0 || count === 0) return 0;
    logSum += Math.log(count / total);
  }
  return 100 * result.bp * Math.exp(logSum / n);
}

/**
 * BLEU-1…4 of one caption per image against all of that image's references (sacreBLEU 13a,
 * lower-cased). Images with fewer references than the most have their last one repeated: a
 * repeated reference changes neither the clipped counts (a maximum over references) nor the
 * closest reference length, so the score is that of the references as given.
 */
export function captionBleu(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
): { bleu: number; bleu1: number; bleu2: number; bleu3: number; bleu4: number } {
  const most = references.reduce((m, r) => Math.max(m, r.length), 1);
  const padded = references.map((r) =>
    r.length === most ? r : [...r, ...Array<string>(most - r.length).fill(r[r.length - 1] ?? '')],
  );
  const result = corpusBleu(hypotheses, padded, { tokenize: '13a', lowercase: true });
  const orders = [1, 2, 3, 4].map((n) => bleuOfOrder(result, n));
  const [bleu1, bleu2, bleu3, bleu4] = orders as [number, number, number, number];
  return { bleu: bleu4, bleu1, bleu2, bleu3, bleu4 };
}

/**
 * Greedy captions of every image of a split, batched by {@link IMAGE_CHUNK} images.
 * @returns one caption text per image, in order.
 */
export function captionAll(
  model: CaptionModel,
  split: CaptionSplit,
  scoring: CaptionScoring,
  onProgress?: EvaluationProgress,
): string[] {
  model.eval();
  const out: string[] = [];
  for (const idx of withProgress(chunks(split.examples.length, IMAGE_CHUNK), onProgress)) {
    const batch = makeCaptionBatch(split, idx);
    const ids = greedyCaptions(
      model,
      noGrad(() => batchFeatures(model, batch)),
      { maxLength: scoring.maxDecode },
    );
    for (const row of ids) out.push(detokenize(scoring.tokenizer, scoring.vocab.decode(row)));
  }
  return out;
}

/** Mean teacher-forced cross-entropy per caption token (<eos> included) over every caption of a split. */
function teacherForcedLoss(model: CaptionModel, split: CaptionSplit): number {
  let sum = 0;
  let tokens = 0;
  noGrad(() => {
    for (const idx of chunks(split.examples.length, IMAGE_CHUNK)) {
      const batch = makeCaptionBatch(split, idx);
      const start = model.start(batchFeatures(model, batch), batch.rows);
      sum += model.loss(start, batch, { ignoreIndex: PAD_ID, reduction: 'sum' }).data[0] as number;
      tokens += batch.tokens;
    }
  });
  return sum / tokens;
}

/** The model on a split: loss, and BLEU-1..4 of its greedy captions (`bleu` is BLEU-4). */
export function evaluateCaptions(
  model: CaptionModel,
  split: CaptionSplit,
  scoring: CaptionScoring,
  onProgress?: EvaluationProgress,
): EvaluationReport {
  if (split.examples.length === 0) {
    return { examples: 0, metrics: { loss: Number.NaN, bleu: Number.NaN } };
  }
  model.eval();
  const loss = teacherForcedLoss(model, split);
  const hyps = captionAll(model, split, scoring, onProgress);
  const refs = split.examples.map((e) => e.references);
  return { examples: split.examples.length, metrics: { loss, ...captionBleu(hyps, refs) } };
}

/** Each image's pooled feature (the feature map's mean over regions), L2-normalised: [n][C]. */
export function pooledFeatures(model: CaptionModel, split: CaptionSplit): Float32Array[] {
  model.eval();
  const out: Float32Array[] = [];
  noGrad(() => {
    for (const idx of chunks(split.examples.length, IMAGE_CHUNK)) {
      const map = batchFeatures(model, makeCaptionBatch(split, idx));
      const [B, C, h, w] = map.shape as [number, number, number, number];
      const pooled = map.reshape([B, C, h * w]).mean(2);
      for (let b = 0; b < B; b++) {
        const v = pooled.data.slice(b * C, (b + 1) * C);
        let norm = 0;
        for (const x of v) norm += x * x;
        const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        for (let c = 0; c < C; c++) v[c] = (v[c] as number) * scale;
        out.push(v);
      }
    }
  });
  return out;
}

/** For each query vector, the index of the most similar training vector by cosine (ties: the first). */
export function nearestNeighbours(
  train: readonly Float32Array[],
  queries: readonly Float32Array[],
): number[] {
  return queries.map((q) => {
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    train.forEach((t, i) => {
      let dot = 0;
      for (let c = 0; c < q.length; c++) dot += (q[c] as number) * (t[c] as number);
      if (dot > bestScore) {
        bestScore = dot;
        best = i;
      }
    });
    return best;
  });
}

/**
 * The nearest-neighbour baseline: each image gets the first caption of the training image whose
 * pooled CNN feature (this model's encoder) is most similar by cosine; scored as the model is.
 */
export function nearestNeighbourBaseline(
  model: CaptionModel,
  splits: { train: CaptionSplit; query: CaptionSplit },
): EvaluationReport {
  const { train, query } = splits;
  if (query.examples.length === 0 || train.examples.length === 0) {
    return {
      examples: 0,
      metrics: { bleu: Number.NaN },
      description: 'nearest training image by CNN feature (no examples)',
    };
  }
  const nearest = nearestNeighbours(pooledFeatures(model, train), pooledFeatures(model, query));
  const hyps = nearest.map((i) => (train.examples[i] as CaptionExample).references[0] as string);
  const scores = captionBleu(
    hyps,
    query.examples.map((e) => e.references),
  );
  return {
    examples: query.examples.length,
    metrics: scores,
    description: `the first caption of the nearest training image by the encoder's pooled feature (cosine); BLEU-4 ${scores.bleu.toFixed(1)}, tok:13a, lower-cased, all references`,
  };
}
