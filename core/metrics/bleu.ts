/** Corpus BLEU as sacreBLEU defines it (4-gram, brevity penalty, '13a' or 'char' tokenisation, optional smoothing). */
import { ConfigError } from '../errors.ts';

/** How text becomes tokens before n-grams are counted (sacreBLEU's `tokenize`). */
export type BleuTokenize = '13a' | 'char';

/** sacreBLEU's smoothing methods for a zero n-gram match count (corpus level). */
export type BleuSmooth = 'none' | 'exp' | 'floor';

export interface BleuOptions {
  /** '13a' (mteval-v13a, Western punctuation; default) or 'char' (every non-space character; use for Korean). */
  tokenize?: BleuTokenize;
  /** Lower-case hypotheses and references before tokenising; default false. */
  lowercase?: boolean;
  /**
   * Smoothing of a precision whose match count is zero; default 'none' (such a corpus scores 0).
   * NOTE: sacreBLEU's command line defaults to 'exp'; for a corpus where every order has at
   * least one match the two agree, so 'none' only differs on tiny or hopeless outputs.
   */
  smooth?: BleuSmooth;
  /** The floor for `smooth: 'floor'`; default 0.1 (sacreBLEU's). */
  smoothValue?: number;
}

/** A corpus BLEU result with everything needed to reproduce or explain the number. */
export interface BleuResult {
  /** BLEU in [0, 100]. */
  score: number;
  /** Modified n-gram precisions for n = 1..4, in percent (smoothed where smoothing applied). */
  precisions: number[];
  /** Brevity penalty in (0, 1]. */
  bp: number;
  /** Total hypothesis tokens. */
  sysLen: number;
  /** Total effective reference tokens (closest reference length per segment, shorter on ties). */
  refLen: number;
  /** Clipped n-gram matches per order. */
  counts: number[];
  /** Hypothesis n-grams per order. */
  totals: number[];
  tokenize: BleuTokenize;
  lowercase: boolean;
  smooth: BleuSmooth;
  /** sacreBLEU-style signature, e.g. `nrefs:1|case:lc|eff:no|tok:13a|smooth:none`. */
  signature: string;
}

const MAX_ORDER = 4;

// The language-dependent rules of mteval-v13a as sacreBLEU's TokenizerRegexp applies them, in order.
const RULES_13A: [RegExp, string][] = [
  // Punctuation and symbols: { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ /
  [/([{-~[-` -&(-+:-@/])/g, ' $1 '],
  // Period and comma unless preceded by a digit.
  [/([^0-9])([.,])/g, '$1 $2 '],
  // Period and comma unless followed by a digit.
  [/([.,])([^0-9])/g, ' $1 $2'],
  // A dash after a digit.
  [/([0-9])(-)/g, '$1 $2 '],
];

/**
 * sacreBLEU's '13a' tokenizer (mteval-v13a.pl): unescapes a few XML entities, splits off
 * punctuation and symbols (periods and commas stay inside numbers), collapses whitespace.
 * @returns the tokens.
 */
export function tokenize13a(line: string): string[] {
  let s = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (s.includes('&')) {
    s = s
      .replaceAll('&quot;', '"')
      .replaceAll('&amp;', '&')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>');
  }
  s = ` ${s} `;
  for (const [re, replacement] of RULES_13A) s = s.replace(re, replacement);
  return splitWhitespace(s);
}

/**
 * sacreBLEU's 'char' tokenizer: every character that is not whitespace is a token.
 * NOTE: characters are Unicode code points, as Python iterates a str (a precomposed Hangul
 * syllable is one token; a decomposed one would be several).
 */
export function tokenizeChar(line: string): string[] {
  return Array.from(line).filter((c) => !/\s/u.test(c));
}

// NOTE: Python's str.split() and JavaScript's \s differ only on rare control and BOM characters.
function splitWhitespace(s: string): string[] {
  return s.split(/\s+/u).filter((t) => t !== '');
}

function tokensOf(line: string, options: { tokenize: BleuTokenize; lowercase: boolean }): string[] {
  // NOTE: sacreBLEU lower-cases first, strips trailing whitespace, then tokenises.
  const text = (options.lowercase ? line.toLowerCase() : line).trimEnd();
  return options.tokenize === '13a' ? tokenize13a(text) : tokenizeChar(text);
}

function ngramCounts(tokens: readonly string[]): Map<string, number>[] {
  const out: Map<string, number>[] = [];
  for (let n = 1; n <= MAX_ORDER; n++) {
    const m = new Map<string, number>();
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = tokens.slice(i, i + n).join('\u0000');
      m.set(key, (m.get(key) ?? 0) + 1);
    }
    out.push(m);
  }
  return out;
}

/** The reference length closest to `hypLen` (the shorter one on a tie), as sacreBLEU picks it. */
function closestRefLength(hypLen: number, refLens: readonly number[]): number {
  let best = refLens[0] as number;
  for (const len of refLens) {
    const d = Math.abs(len - hypLen);
    const bd = Math.abs(best - hypLen);
    if (d < bd || (d === bd && len < best)) best = len;
  }
  return best;
}

/**
 * Corpus-level BLEU (Papineni et al. 2002) exactly as sacreBLEU's `corpus_bleu` computes it:
 * n-gram matches (clipped by the maximum count in any reference) and totals are summed over the
 * corpus, precisions combined by a geometric mean over orders 1–4, times the brevity penalty
 * exp(1 − r/c) when c < r.
 * @param hypotheses one string per segment.
 * @param references per segment one reference string or several (the same count for every segment).
 * @throws ConfigError when the counts differ, a segment has no reference, or an option is unknown.
 */
export function corpusBleu(
  hypotheses: readonly string[],
  references: readonly (string | readonly string[])[],
  options: BleuOptions = {},
): BleuResult {
  const tokenize = options.tokenize ?? '13a';
  const lowercase = options.lowercase ?? false;
  const smooth = options.smooth ?? 'none';
  const smoothValue = options.smoothValue ?? 0.1;
  if (tokenize !== '13a' && tokenize !== 'char') {
    throw new ConfigError(
      `corpusBleu: tokenize must be '13a' or 'char', got '${String(tokenize)}'.`,
    );
  }
  if (smooth !== 'none' && smooth !== 'exp' && smooth !== 'floor') {
    throw new ConfigError(
      `corpusBleu: smooth must be 'none', 'exp' or 'floor', got '${String(smooth)}'.`,
    );
  }
  if (hypotheses.length !== references.length) {
    throw new ConfigError(
      `corpusBleu: references must have one entry per hypothesis (${hypotheses.length}), got ${references.length}.`,
    );
  }
  const counts = new Array<number>(MAX_ORDER).fill(0);
  const totals = new Array<number>(MAX_ORDER).fill(0);
  let sysLen = 0;
  let refLen = 0;
  let nrefs = -1;
  hypotheses.forEach((hyp, i) => {
    const entry = references[i] as string | readonly string[];
    const refs = typeof entry === 'string' ? [entry] : entry;
    if (refs.length === 0) {
      throw new ConfigError(`corpusBleu: references[${i}] must hold at least 1 reference, got 0.`);
    }
    if (nrefs !== -1 && refs.length !== nrefs) {
      throw new ConfigError(
        `corpusBleu: references[${i}] must hold ${nrefs} references like the first segment, got ${refs.length}.`,
      );
    }
    nrefs = refs.length;
    const hypTokens = tokensOf(hyp, { tokenize, lowercase });
    const refTokens = refs.map((r) => tokensOf(r, { tokenize, lowercase }));
    sysLen += hypTokens.length;
    refLen += closestRefLength(
      hypTokens.length,
      refTokens.map((r) => r.length),
    );
    const hypNgrams = ngramCounts(hypTokens);
    const refMax = refTokens.map(ngramCounts).reduce((acc, cur) => {
      cur.forEach((m, n) => {
        for (const [k, c] of m) {
          const a = acc[n] as Map<string, number>;
          if ((a.get(k) ?? 0) < c) a.set(k, c);
        }
      });
      return acc;
    }, ngramCounts([]));
    hypNgrams.forEach((m, n) => {
      for (const [k, c] of m) {
        totals[n] = (totals[n] as number) + c;
        counts[n] =
          (counts[n] as number) + Math.min(c, (refMax[n] as Map<string, number>).get(k) ?? 0);
      }
    });
  });
  const precisions = smoothedPrecisions(counts, totals, { smooth, smoothValue });
  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  // NOTE: sacreBLEU's my_log(0) is −9999999999, so any zero precision makes the score 0.
  const logMean =
    precisions.reduce((s, p) => s + (p === 0 ? -9999999999 : Math.log(p)), 0) / MAX_ORDER;
  const score = bp * Math.exp(logMean);
  const signature = `nrefs:${Math.max(nrefs, 1)}|case:${lowercase ? 'lc' : 'mixed'}|eff:no|tok:${tokenize}|smooth:${smooth}`;
  return {
    score,
    precisions,
    bp,
    sysLen,
    refLen,
    counts,
    totals,
    tokenize,
    lowercase,
    smooth,
    signature,
  };
}

function smoothedPrecisions(
  counts: readonly number[],
  totals: readonly number[],
  options: { smooth: BleuSmooth; smoothValue: number },
): number[] {
  const precisions = new Array<number>(MAX_ORDER).fill(0);
  let expFactor = 1;
  for (let n = 0; n < MAX_ORDER; n++) {
    const total = totals[n] as number;
    const count = counts[n] as number;
    // NOTE: sacreBLEU stops at the first order with no n-grams at all; later precisions stay 0.
    if (total === 0) break;
    if (count > 0) precisions[n] = (100 * count) / total;
    else if (options.smooth === 'exp') {
      expFactor *= 2;
      precisions[n] = 100 / (expFactor * total);
    } else if (options.smooth === 'floor') precisions[n] = (100 * options.smoothValue) / total;
  }
  return precisions;
}

/**
 * Exact-match rate in [0, 1]: the share of hypotheses equal to one of their references after
 * trimming surrounding whitespace (0 for an empty corpus).
 * @throws ConfigError when the counts differ.
 */
export function exactMatch(
  hypotheses: readonly string[],
  references: readonly (string | readonly string[])[],
): number {
  if (hypotheses.length !== references.length) {
    throw new ConfigError(
      `exactMatch: references must have one entry per hypothesis (${hypotheses.length}), got ${references.length}.`,
    );
  }
  if (hypotheses.length === 0) return 0;
  let hits = 0;
  hypotheses.forEach((h, i) => {
    const entry = references[i] as string | readonly string[];
    const refs = typeof entry === 'string' ? [entry] : entry;
    if (refs.some((r) => r.trim() === h.trim())) hits++;
  });
  return hits / hypotheses.length;
}
