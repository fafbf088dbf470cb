/** Seq2seq data: source/target pairs from a table, per-side tokenizers and vocabularies, padded batches and the trivial baselines. */
import { padSequences } from '../../data/batching.ts';
import { type Table, textColumn } from '../../data/table.ts';
import { type TokenizerConfig, tokenize } from '../../data/tokenizers.ts';
import { BOS_ID, EOS_ID, UNK_ID, type Vocab } from '../../data/vocab.ts';
import { DatasetError } from '../../errors.ts';
import type { BleuTokenize } from '../../metrics/bleu.ts';
import { fitTokenizer } from '../common/text.ts';
import { DEFAULT_TOKENIZERS, type RunSpec } from '../spec.ts';
import type { SourceBatch } from './decode.ts';

/** One example: the raw source and target texts and the table line it came from. */
export interface Pair {
  source: string;
  target: string;
  line: number;
}

/**
 * Reads non-empty (source, target) pairs from two text columns; rows where either side is empty
 * are skipped.
 * @throws DatasetError ('format') when a column is missing or no pair is left.
 */
export function readPairs(table: Table, columns: { source: string; target: string }): Pair[] {
  const src = textColumn(table, columns.source);
  const tgt = textColumn(table, columns.target);
  const pairs: Pair[] = [];
  src.forEach((s, i) => {
    const t = tgt[i] as string;
    if (s.trim() !== '' && t.trim() !== '')
      pairs.push({ source: s.trim(), target: t.trim(), line: table.lines[i] as number });
  });
  if (pairs.length === 0) {
    throw new DatasetError(
      `'${table.fileName}': seq2seq needs rows with both '${columns.source}' and '${columns.target}' filled, got none.`,
      'format',
    );
  }
  return pairs;
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/u;

/** True when most letters of the texts are Hangul (then the side is tokenised by character). */
export function isMostlyKorean(texts: readonly string[]): boolean {
  let hangul = 0;
  let letters = 0;
  for (const text of texts.slice(0, 2000)) {
    for (const ch of text) {
      if (HANGUL.test(ch)) hangul++;
      if (/\p{L}/u.test(ch)) letters++;
    }
  }
  return letters > 0 && hangul / letters > 0.5;
}

/**
 * The tokenizer of one side, fitted on that side's training texts: Korean text → characters
 * (Korean has no reliable word split without a morphological analyser); otherwise the spec's
 * tokenizer ('word' and 'bpe' lower-case, 'char' keeps case).
 */
export function fitSideTokenizer(spec: RunSpec, trainTexts: readonly string[]): TokenizerConfig {
  if (isMostlyKorean(trainTexts)) return { kind: 'char', lowercase: false };
  const lowercase = (spec.data.tokenizer ?? DEFAULT_TOKENIZERS.seq2seq) !== 'char';
  return fitTokenizer(spec, trainTexts, { fallback: DEFAULT_TOKENIZERS.seq2seq, lowercase });
}

/**
 * BLEU tokenisation for the target side: sacreBLEU's 'char' for a character-tokenised target
 * (always so for Korean, which '13a' would leave as whole eojeol), '13a' otherwise.
 */
export function bleuTokenizeFor(target: TokenizerConfig): BleuTokenize {
  return target.kind === 'char' ? 'char' : '13a';
}

/** Ids of one side, truncated to `maxLength` tokens; a source never ends up empty (<unk> stands in). */
export function encodeSide(
  text: string,
  tokenizer: TokenizerConfig,
  vocab: Vocab,
  maxLength: number,
): number[] {
  const ids = vocab.encode(tokenize(tokenizer, text).slice(0, maxLength));
  return ids.length === 0 ? [UNK_ID] : ids;
}

/** An encoded example. */
export interface EncodedPair {
  src: number[];
  /** Target tokens without <bos>/<eos>. */
  tgt: number[];
}

/** A teacher-forcing batch: source, decoder inputs (<bos> y…) and targets (y… <eos>), both [N, T] with 0 padding. */
export interface Seq2seqBatch extends SourceBatch {
  examples: number;
  tokens: number;
  tgtIn: Int32Array;
  tgtOut: Int32Array;
  tgtShape: [number, number];
}

/** Pads a list of encoded pairs into one batch. */
export function makeBatch(items: readonly EncodedPair[]): Seq2seqBatch {
  const src = padSequences(items.map((p) => p.src));
  const tin = padSequences(items.map((p) => [BOS_ID, ...p.tgt]));
  const tout = padSequences(items.map((p) => [...p.tgt, EOS_ID]));
  let tokens = 0;
  for (const p of items) tokens += p.tgt.length + 1;
  return {
    ids: src.ids,
    shape: src.shape,
    lengths: src.lengths,
    examples: items.length,
    tokens,
    tgtIn: tin.ids,
    tgtOut: tout.ids,
    tgtShape: tin.shape,
  };
}

/** The most frequent target text of the training pairs (ties: the first seen). */
export function mostFrequentTarget(train: readonly Pair[]): string {
  const counts = new Map<string, number>();
  let best = '';
  let bestCount = 0;
  for (const p of train) {
    const c = (counts.get(p.target) ?? 0) + 1;
    counts.set(p.target, c);
    if (c > bestCount) {
      best = p.target;
      bestCount = c;
    }
  }
  return best;
}

/**
 * Nearest-neighbour retrieval: for each query source, the target of the training pair whose
 * source tokens overlap most (Jaccard over token sets; ties: the earlier training pair).
 */
export function retrieveTargets(
  train: readonly Pair[],
  queries: readonly string[],
  tokenizer: TokenizerConfig,
): string[] {
  const sets = train.map((p) => new Set(tokenize(tokenizer, p.source)));
  const index = new Map<string, number[]>();
  sets.forEach((s, i) => {
    for (const t of s) {
      const list = index.get(t) ?? [];
      list.push(i);
      index.set(t, list);
    }
  });
  return queries.map((q) => {
    const qs = new Set(tokenize(tokenizer, q));
    const overlap = new Map<number, number>();
    for (const t of qs)
      for (const i of index.get(t) ?? []) overlap.set(i, (overlap.get(i) ?? 0) + 1);
    let best = 0;
    let bestScore = -1;
    for (const [i, o] of overlap) {
      const score = o / ((sets[i] as Set<string>).size + qs.size - o);
      if (score > bestScore || (score === bestScore && i < best)) {
        best = i;
        bestScore = score;
      }
    }
    return (train[best] as Pair).target;
  });
}
