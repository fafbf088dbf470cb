/** Seq2seq evaluation: teacher-forced loss, greedy-decoded BLEU and exact match, and the copy / constant / retrieval baselines. */

import { detokenize, type TokenizerConfig, tokenize } from '../../data/tokenizers.ts';
import { PAD_ID, type Vocab } from '../../data/vocab.ts';
import { releaseArray } from '../../kernels/arrayPool.ts';
import { type BleuTokenize, corpusBleu, exactMatch } from '../../metrics/bleu.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { type EvaluationProgress, evaluationBatches, withProgress } from '../common/batching.ts';
import type { EvaluationReport } from '../task.ts';
import { type EncodedPair, makeBatch, type Pair, retrieveTargets } from './data.ts';
import { greedyDecode } from './decode.ts';
import type { Seq2seqModel } from './model.ts';

/** How outputs are turned into text and scored. */
export interface Seq2seqScoring {
  tgtTokenizer: TokenizerConfig;
  tgtVocab: Vocab;
  /** sacreBLEU tokenisation and case handling. */
  bleuTokenize: BleuTokenize;
  lowercase: boolean;
  /** Most tokens decoded per output. */
  maxDecode: number;
}

const EVAL_BATCH = 64;

/** The text as the target tokenizer sees it (case, spacing), so exact match ignores what the model cannot produce. */
function normalise(text: string, tokenizer: TokenizerConfig): string {
  return detokenize(tokenizer, tokenize(tokenizer, text));
}

/** BLEU (stated tokenisation) and exact match of hypotheses against the raw references. */
export function scoreTexts(
  hyps: readonly string[],
  refs: readonly string[],
  scoring: Seq2seqScoring,
): { bleu: number; exactMatch: number } {
  const bleu = corpusBleu(hyps, refs, {
    tokenize: scoring.bleuTokenize,
    lowercase: scoring.lowercase,
  }).score;
  const norm = (t: string) => normalise(t, scoring.tgtTokenizer);
  return { bleu, exactMatch: exactMatch(hyps.map(norm), refs.map(norm)) };
}

/**
 * Greedy-decodes every source (batched, sorted by length) and detokenises the outputs.
 * @returns one hypothesis text per item, in item order.
 */
export function translateAll(
  model: Seq2seqModel,
  items: readonly EncodedPair[],
  scoring: Seq2seqScoring,
  onProgress?: EvaluationProgress,
): string[] {
  model.eval();
  const out = new Array<string>(items.length).fill('');
  const lengths = items.map((p) => p.src.length);
  for (const idx of withProgress(evaluationBatches(lengths, EVAL_BATCH), onProgress)) {
    const batch = makeBatch(idx.map((i) => items[i] as EncodedPair));
    const ids = greedyDecode(model, batch, { maxLength: scoring.maxDecode });
    idx.forEach((i, k) => {
      out[i] = detokenize(scoring.tgtTokenizer, scoring.tgtVocab.decode(ids[k] as number[]));
    });
  }
  return out;
}

/**
 * The model on a set of pairs: mean teacher-forced cross-entropy per target token (<eos>
 * included), and BLEU and exact match of greedy outputs.
 */
export function evaluateSeq2seq(
  model: Seq2seqModel,
  items: readonly EncodedPair[],
  pairs: readonly Pair[],
  scoring: Seq2seqScoring,
  onProgress?: EvaluationProgress,
): EvaluationReport {
  if (items.length === 0) {
    return { examples: 0, metrics: { loss: Number.NaN, bleu: Number.NaN, exactMatch: Number.NaN } };
  }
  model.eval();
  let lossSum = 0;
  let tokens = 0;
  noGrad(() => {
    for (const idx of evaluationBatches(
      items.map((p) => p.src.length),
      EVAL_BATCH,
    )) {
      const b = makeBatch(idx.map((i) => items[i] as EncodedPair));
      const enc = model.encode(b.ids, b.shape, b.lengths);
      const { features } = model.decodeFeatures(b.tgtIn, b.tgtShape, enc.state, enc.memory);
      // The head fused into the loss: the [N, T, V] logits never leave the kernels.
      const loss = model.headLoss(features, b.tgtOut, { ignoreIndex: PAD_ID, reduction: 'sum' });
      releaseArray(features.data);
      lossSum += loss.data[0] as number;
      tokens += b.tokens;
    }
  });
  const hyps = translateAll(model, items, scoring, onProgress);
  const scores = scoreTexts(
    hyps,
    pairs.map((p) => p.target),
    scoring,
  );
  return { examples: items.length, metrics: { loss: lossSum / tokens, ...scores } };
}

/**
 * The trivial baselines: copying the source and always answering the most frequent training
 * target. `bleu` / `exactMatch` are the better of the two; with training pairs, nearest-neighbour
 * retrieval (the target of the training source with the most token overlap) is reported beside
 * them as `retrievalBleu` / `retrievalExactMatch` — often the stronger, honest baseline.
 */
export function seq2seqBaseline(
  pairs: readonly Pair[],
  options: {
    constantAnswer: string;
    scoring: Seq2seqScoring;
    retrieval?: { train: readonly Pair[]; srcTokenizer: TokenizerConfig };
  },
): EvaluationReport {
  const { constantAnswer, scoring } = options;
  if (pairs.length === 0) {
    return {
      examples: 0,
      metrics: { bleu: Number.NaN, exactMatch: Number.NaN },
      description: 'copying the source / a constant answer (no examples)',
    };
  }
  const refs = pairs.map((p) => p.target);
  const copy = scoreTexts(
    pairs.map((p) => p.source),
    refs,
    scoring,
  );
  const constant = scoreTexts(
    pairs.map(() => constantAnswer),
    refs,
    scoring,
  );
  const best = copy.bleu >= constant.bleu ? copy : constant;
  const metrics: Record<string, number> = {
    bleu: best.bleu,
    exactMatch: Math.max(copy.exactMatch, constant.exactMatch),
    copyBleu: copy.bleu,
    constantBleu: constant.bleu,
  };
  let retrievalText = '';
  if (options.retrieval !== undefined) {
    const hyps = retrieveTargets(
      options.retrieval.train,
      pairs.map((p) => p.source),
      options.retrieval.srcTokenizer,
    );
    const r = scoreTexts(hyps, refs, scoring);
    metrics.retrievalBleu = r.bleu;
    metrics.retrievalExactMatch = r.exactMatch;
    retrievalText = `; nearest-neighbour retrieval BLEU ${r.bleu.toFixed(1)}`;
  }
  return {
    examples: pairs.length,
    metrics,
    description: `best of copying the source (BLEU ${copy.bleu.toFixed(1)}) and the constant answer '${constantAnswer}' (BLEU ${constant.bleu.toFixed(1)})${retrievalText}; BLEU tok:${scoring.bleuTokenize}${scoring.lowercase ? ', lower-cased' : ''}`,
  };
}
