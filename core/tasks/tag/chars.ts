/** The tagger's character vocabulary: Unicode code points of the training words (original case), fitted on the training part, and a word's character ids. */
import { ConfigError } from '../../errors.ts';
import { MAX_WORD_CHARS } from './model.ts';

/** The specials at ids 0 and 1: padding (the embedding's padding_idx) and unknown characters. */
export const CHAR_SPECIALS: readonly string[] = ['<pad>', '<unk>'];

/** Id of characters the vocabulary does not hold. */
export const CHAR_UNK_ID = 1;

/**
 * Characters seen fewer times than this in the training words map to `<unk>`, so the encoder
 * learns an `<unk>` row that unseen characters at test time use (data.py's CHAR_MIN_COUNT).
 */
export const CHAR_MIN_COUNT = 2;

/**
 * The character vocabulary of training words: the specials, then every code point seen at least
 * CHAR_MIN_COUNT times, the most frequent first (ties: lower code point first, as Python sorts).
 */
export function fitCharVocab(words: Iterable<string>): string[] {
  return fitCharVocabCounted(
    (function* () {
      for (const word of words) yield [word, 1] as const;
    })(),
  );
}

/** {@link fitCharVocab} of words given once each with how often they occur. */
export function fitCharVocabCounted(words: Iterable<readonly [string, number]>): string[] {
  const counts = new Map<string, number>();
  for (const [word, n] of words) {
    for (const ch of word) counts.set(ch, (counts.get(ch) ?? 0) + n);
  }
  const kept = [...counts]
    .filter(([, n]) => n >= CHAR_MIN_COUNT)
    .sort(
      ([a, na], [b, nb]) => nb - na || (a.codePointAt(0) as number) - (b.codePointAt(0) as number),
    )
    .map(([ch]) => ch);
  return [...CHAR_SPECIALS, ...kept];
}

/** Character → id lookup over a saved character vocabulary. */
export class CharVocab {
  readonly chars: readonly string[];
  private readonly ids: Map<string, number>;

  /** @throws ConfigError when the vocabulary does not start with the specials. */
  constructor(chars: readonly string[]) {
    if (chars[0] !== CHAR_SPECIALS[0] || chars[1] !== CHAR_SPECIALS[1]) {
      throw new ConfigError(
        `CharVocab: the first characters must be '<pad>', '<unk>', got ${JSON.stringify(chars.slice(0, 2))}.`,
      );
    }
    this.chars = chars;
    this.ids = new Map(chars.map((c, i) => [c, i]));
  }

  /** Entries, specials included. */
  get size(): number {
    return this.chars.length;
  }

  /**
   * The ids of a word's first MAX_WORD_CHARS code points (original case); `[<unk>]` for an empty word.
   */
  encode(word: string): number[] {
    const ids = Array.from(word)
      .slice(0, MAX_WORD_CHARS)
      .map((ch) => this.ids.get(ch) ?? CHAR_UNK_ID);
    return ids.length > 0 ? ids : [CHAR_UNK_ID];
  }
}
