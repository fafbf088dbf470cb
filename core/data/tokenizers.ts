/** Tokenizers: characters (grapheme clusters), words (Intl.Segmenter, Unicode-aware, safe for Korean) and BPE subwords. */

import { ConfigError } from '../errors.ts';
import { learnMerges } from './bpeMerges.ts';
import { scannedCharTokens } from './scannedChars.ts';
import { scannedWordTokens } from './scannedWords.ts';

/** A tokenizer's settings, JSON-serialisable so a model bundle can store it. */
export type TokenizerConfig =
  | { kind: 'char'; lowercase: boolean }
  | { kind: 'word'; lowercase: boolean }
  | { kind: 'bpe'; lowercase: boolean; merges: [string, string][] };

/** End-of-word marker appended to the last symbol of each word by BPE (Sennrich et al. 2016). */
export const END_OF_WORD = '</w>';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * Grapheme clusters of `text` (a Hangul syllable, an emoji with modifiers, … each count as one).
 * Text of ASCII, Latin letters, common punctuation, symbols, emoji and Hangul takes a scanner that
 * gives the same clusters without Intl.Segmenter (scannedChars.ts).
 */
export function charTokens(text: string): string[] {
  return scannedCharTokens(text) ?? segmenterCharTokens(text);
}

/** {@link charTokens} by Intl.Segmenter, for any text. */
export function segmenterCharTokens(text: string): string[] {
  const out: string[] = [];
  for (const s of graphemes.segment(text)) out.push(s.segment);
  return out;
}

/**
 * Words and punctuation of `text` by Unicode word boundaries (UAX #29); whitespace is dropped.
 * Korean eojeol stay whole (`고향은`), as the segmenter has no Korean dictionary. Text of ASCII,
 * Latin letters, common punctuation, symbols, emoji and Hangul takes a scanner that gives the same tokens without
 * Intl.Segmenter (many times faster; scannedWords.ts).
 */
export function wordTokens(text: string): string[] {
  return scannedWordTokens(text) ?? segmenterWordTokens(text);
}

/** {@link wordTokens} by Intl.Segmenter, for any text. */
export function segmenterWordTokens(text: string): string[] {
  const out: string[] = [];
  for (const s of words.segment(text)) {
    if (s.isWordLike === true) out.push(s.segment);
    else if (s.segment.trim() !== '') {
      for (const c of segmenterCharTokens(s.segment.trim())) if (c.trim() !== '') out.push(c);
    }
  }
  return out;
}

function splitSymbols(word: string): string[] {
  const symbols = charTokens(word);
  symbols[symbols.length - 1] += END_OF_WORD;
  return symbols;
}

function applyMerges(symbols: string[], ranks: ReadonlyMap<string, number>): string[] {
  let parts = symbols;
  for (;;) {
    let best = -1;
    let bestRank = Number.POSITIVE_INFINITY;
    for (let i = 0; i + 1 < parts.length; i++) {
      const rank = ranks.get(`${parts[i]}\u0000${parts[i + 1]}`);
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        best = i;
      }
    }
    if (best === -1) return parts;
    parts = [...parts.slice(0, best), `${parts[best]}${parts[best + 1]}`, ...parts.slice(best + 2)];
  }
}

const rankCache = new WeakMap<object, Map<string, number>>();

function ranksOf(merges: [string, string][]): Map<string, number> {
  let ranks = rankCache.get(merges);
  if (ranks === undefined) {
    ranks = new Map(merges.map(([a, b], i) => [`${a}\u0000${b}`, i]));
    rankCache.set(merges, ranks);
  }
  return ranks;
}

/** Splits `text` into tokens as `config` says. */
export function tokenize(config: TokenizerConfig, text: string): string[] {
  const t = config.lowercase ? text.toLowerCase() : text;
  switch (config.kind) {
    case 'char':
      return charTokens(t);
    case 'word':
      return wordTokens(t);
    case 'bpe': {
      const ranks = ranksOf(config.merges);
      return wordTokens(t).flatMap((w) => applyMerges(splitSymbols(w), ranks));
    }
  }
}

/** Joins tokens back into text (BPE: end-of-word markers become spaces). */
export function detokenize(config: TokenizerConfig, tokens: readonly string[]): string {
  if (config.kind === 'char') return tokens.join('');
  if (config.kind === 'word') return tokens.join(' ');
  return tokens.join('').split(END_OF_WORD).join(' ').trim();
}

/**
 * Learns BPE merges from training texts only (pass the training split, never validation or test).
 * Each merge joins the most frequent adjacent symbol pair; ties go to the pair that sorts first.
 * @param texts training texts
 * @param options.merges number of merges to learn (≥ 0)
 * @throws ConfigError for a negative or fractional merge count.
 */
export function learnBpe(
  texts: Iterable<string>,
  options: { merges: number; lowercase: boolean },
): Extract<TokenizerConfig, { kind: 'bpe' }> {
  if (!Number.isInteger(options.merges) || options.merges < 0) {
    throw new ConfigError(
      `learnBpe: merges must be a non-negative integer, got ${options.merges}.`,
    );
  }
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const w of wordTokens(options.lowercase ? text.toLowerCase() : text)) {
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  const words = [...counts].map(([w, n]) => ({ symbols: splitSymbols(w), n }));
  const merges = learnMerges(words, options.merges);
  return { kind: 'bpe', lowercase: options.lowercase, merges };
}
