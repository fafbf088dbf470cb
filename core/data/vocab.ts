/** Vocabularies: token ↔ id with `<pad> <unk> <bos> <eos>` first (pad = 0), min frequency and max size; JSON-serialisable. */
import { ConfigError } from '../errors.ts';

/** Special tokens and their fixed ids. */
export const PAD = '<pad>';
export const UNK = '<unk>';
export const BOS = '<bos>';
export const EOS = '<eos>';
export const SPECIAL_TOKENS = [PAD, UNK, BOS, EOS] as const;
export const PAD_ID = 0;
export const UNK_ID = 1;
export const BOS_ID = 2;
export const EOS_ID = 3;

/** A vocabulary: `tokens[id]` is the token of `id`. Stored as is in a model bundle's vocab.json. */
export interface VocabJson {
  tokens: string[];
}

/** Token ↔ id mapping. */
export class Vocab {
  private readonly ids: Map<string, number>;

  constructor(readonly tokens: readonly string[]) {
    SPECIAL_TOKENS.forEach((t, i) => {
      if (tokens[i] !== t) {
        throw new ConfigError(`Vocab: token ${i} must be '${t}', got '${String(tokens[i])}'.`);
      }
    });
    this.ids = new Map(tokens.map((t, i) => [t, i]));
    if (this.ids.size !== tokens.length) {
      throw new ConfigError(
        `Vocab: tokens must be distinct, got ${tokens.length - this.ids.size} repeats.`,
      );
    }
  }

  /** Number of ids, specials included. */
  get size(): number {
    return this.tokens.length;
  }

  /** The id of `token`, or {@link UNK_ID}. */
  id(token: string): number {
    return this.ids.get(token) ?? UNK_ID;
  }

  /** Ids of `tokens`, optionally wrapped in `<bos>` … `<eos>`. */
  encode(
    tokens: readonly string[],
    options: { bos: boolean; eos: boolean } = { bos: false, eos: false },
  ): number[] {
    const out = tokens.map((t) => this.id(t));
    if (options.bos) out.unshift(BOS_ID);
    if (options.eos) out.push(EOS_ID);
    return out;
  }

  /** Tokens of `ids`, dropping `<pad>`, `<bos>` and stopping at `<eos>`. */
  decode(ids: readonly number[]): string[] {
    const out: string[] = [];
    for (const id of ids) {
      if (id === EOS_ID) break;
      if (id === PAD_ID || id === BOS_ID) continue;
      out.push(this.tokens[id] ?? UNK);
    }
    return out;
  }

  toJSON(): VocabJson {
    return { tokens: [...this.tokens] };
  }

  /** Restores a vocabulary saved by {@link Vocab.toJSON}. @throws ConfigError for a malformed one. */
  static fromJSON(json: VocabJson): Vocab {
    return new Vocab(json.tokens);
  }
}

/**
 * Builds a vocabulary from tokenised training texts: tokens seen at least `minFreq` times, the
 * `maxSize - 4` most frequent kept (ties broken by code-unit order, so the result is stable).
 * @param maxSize total size including the 4 specials (≥ 4), or undefined for no limit
 * @throws ConfigError for minFreq < 1 or maxSize < 4.
 */
export function buildVocab(
  tokenLists: Iterable<readonly string[]>,
  options: { minFreq?: number; maxSize?: number } = {},
): Vocab {
  const minFreq = options.minFreq ?? 1;
  if (!Number.isInteger(minFreq) || minFreq < 1) {
    throw new ConfigError(`buildVocab: minFreq must be an integer ≥ 1, got ${minFreq}.`);
  }
  if (
    options.maxSize !== undefined &&
    (!Number.isInteger(options.maxSize) || options.maxSize < 4)
  ) {
    throw new ConfigError(`buildVocab: maxSize must be an integer ≥ 4, got ${options.maxSize}.`);
  }
  const counts = new Map<string, number>();
  for (const tokens of tokenLists) for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return vocabFromCounts(counts, { ...options, minFreq });
}

/**
 * The size {@link vocabFromCounts} gives for distinct tokens seen `counts` times each (were one of
 * them a special token's text, it would count once too often): the specials and the tokens seen at
 * least `minFreq` times, at most `maxSize` in all. For estimates before a vocabulary is built.
 */
export function vocabSizeFromCounts(
  counts: Iterable<number>,
  options: { minFreq?: number; maxSize?: number | undefined },
): number {
  const minFreq = options.minFreq ?? 1;
  let kept = 0;
  for (const n of counts) if (n >= minFreq) kept++;
  const size = SPECIAL_TOKENS.length + kept;
  return options.maxSize === undefined ? size : Math.min(size, options.maxSize);
}

/**
 * The vocabulary of token counts, kept and ordered as {@link buildVocab} does (options are
 * checked there).
 */
export function vocabFromCounts(
  counts: ReadonlyMap<string, number>,
  options: { minFreq?: number; maxSize?: number },
): Vocab {
  const minFreq = options.minFreq ?? 1;
  const specials = new Set<string>(SPECIAL_TOKENS);
  const kept = [...counts]
    .filter(([t, n]) => n >= minFreq && !specials.has(t))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([t]) => t);
  const limit =
    options.maxSize === undefined ? kept.length : options.maxSize - SPECIAL_TOKENS.length;
  return new Vocab([...SPECIAL_TOKENS, ...kept.slice(0, limit)]);
}
