/** Tagged sentences stored compactly for training: per token a word id and a tag id in chunks of narrow typed arrays (a chunk, start and length per sentence), each distinct word and tag kept once as a string. */

import { chunkTagParts, type TagScheme } from '../../data/tagScheme.ts';
import { TokenInterner } from '../../data/tokenInterner.ts';
import { CHUNK_IDS, type IdArray, IdColumn, idArrayFor } from './idColumn.ts';

/**
 * `count` sentences; sentence i's tokens are `lengths[i]` ids from `starts[i]` of chunk
 * `chunkOf[i]` — word ids into `wordNames` in `wordChunks`, tag ids into `tagNames` at the same
 * places in `tagChunks` (a sentence never straddles two chunks; read it with
 * {@link sentenceWords} and {@link sentenceTags}).
 */
export interface TagCorpus {
  readonly count: number;
  /** Distinct words as in the file, by id (first seen first). */
  readonly wordNames: readonly string[];
  /** Distinct tags, by id (first seen first). */
  readonly tagNames: readonly string[];
  /** `[count]`: each sentence's length. */
  readonly lengths: Int32Array;
  /** `[count]`: the chunk each sentence is in. */
  readonly chunkOf: Int32Array;
  /** `[count]`: where each sentence starts in its chunk. */
  readonly starts: Int32Array;
  readonly wordChunks: readonly IdArray[];
  readonly tagChunks: readonly IdArray[];
}

function view(chunks: readonly IdArray[], corpus: TagCorpus, i: number): IdArray {
  const start = corpus.starts[i] as number;
  const chunk = chunks[corpus.chunkOf[i] as number] as IdArray;
  return chunk.subarray(start, start + (corpus.lengths[i] as number));
}

/** Sentence `i`'s word ids (a view, not a copy). */
export function sentenceWords(corpus: TagCorpus, i: number): IdArray {
  return view(corpus.wordChunks, corpus, i);
}

/** Sentence `i`'s tag ids (a view, not a copy). */
export function sentenceTags(corpus: TagCorpus, i: number): IdArray {
  return view(corpus.tagChunks, corpus, i);
}

/** Distinct words or tags by id, as an interner keeps them. */
interface NameList {
  readonly tokens: readonly string[];
}

function grown(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const next = new Int32Array(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

/**
 * Builds a {@link TagCorpus} a token at a time, interning words and tags (from strings or from
 * ranges of a text, cutting no string for a word seen before); a sentence's ids go straight into
 * the current chunk while they fit it and its width, otherwise they wait in a scratch buffer until
 * the sentence ends and then go into a new chunk (or the widened one) — the same chunks either way.
 */
export class TagCorpusBuilder {
  private readonly wordInterner = new TokenInterner();
  private readonly tagInterner = new TokenInterner();
  /** The distinct words and tags so far: the builder's interners', or a reader's (see the constructor). */
  private readonly wordNames: NameList;
  private readonly tagNames: NameList;
  private readonly words = new IdColumn(1);
  private readonly tags = new IdColumn(0);
  private wordIds = new Int32Array(256);
  private tagIds = new Int32Array(256);
  private length = 0;
  private lengths = new Int32Array(256);
  private chunkOf = new Int32Array(256);
  private starts = new Int32Array(256);
  private count = 0;
  /** Ids used in the last chunk, and its size. */
  private used = 0;
  private room = 0;
  /** True while the current sentence's ids are in the scratch buffer rather than the last chunk. */
  private scratch = true;
  /** The last chunks and the ids they hold (below the limits), while ids are written into them. */
  private wordChunk: IdArray = new Uint8Array(0);
  private tagChunk: IdArray = new Uint8Array(0);
  private wordLimit = 0;
  private tagLimit = 0;

  /**
   * @param chunkIds ids per chunk (tests make it small)
   * @param names the word and tag lists of a reader that interns on its own and adds tokens by id
   *   ({@link tokenOfIds}); without them the builder interns what the other methods are given
   */
  constructor(
    private readonly chunkIds = CHUNK_IDS,
    names?: { words: NameList; tags: NameList },
  ) {
    this.wordNames = names?.words ?? this.wordInterner;
    this.tagNames = names?.tags ?? this.tagInterner;
  }

  /** Adds a token to the current sentence by its word's and tag's ids in the reader's lists. */
  tokenOfIds(word: number, tag: number): void {
    if (!this.scratch) {
      const at = this.used + this.length;
      if (at < this.room && word < this.wordLimit && tag < this.tagLimit) {
        this.wordChunk[at] = word;
        this.tagChunk[at] = tag;
        this.length++;
        return;
      }
      this.toScratch();
    }
    this.push(word, tag);
  }

  /** Moves the current sentence's ids from the last chunk (its cells cleared) to the scratch buffer. */
  private toScratch(): void {
    const n = this.length;
    this.length = 0;
    for (let k = 0; k < n; k++) {
      this.push(this.wordChunk[this.used + k] as number, this.tagChunk[this.used + k] as number);
    }
    this.wordChunk.fill(0, this.used, this.used + n);
    this.tagChunk.fill(0, this.used, this.used + n);
    this.scratch = true;
  }

  private push(word: number, tag: number): void {
    if (this.length === this.wordIds.length) {
      this.wordIds = grown(this.wordIds, this.length + 1);
      this.tagIds = grown(this.tagIds, this.length + 1);
    }
    this.wordIds[this.length] = word;
    this.tagIds[this.length] = tag;
    this.length++;
  }

  /** Adds a token to the current sentence: its word `text[wordStart, wordEnd)`, its tag `text[tagStart, tagEnd)`. */
  tokenOfRanges(
    text: string,
    wordStart: number,
    wordEnd: number,
    tagStart: number,
    tagEnd: number,
  ): void {
    this.tokenOfIds(
      this.wordInterner.idOfRange(text, wordStart, wordEnd),
      this.tagInterner.idOfRange(text, tagStart, tagEnd),
    );
  }

  /**
   * {@link tokenOfRanges} with each range's hash known: `bounds` holds the word's start, end and
   * hash, then the tag's.
   */
  tokenOfHashedRanges(text: string, bounds: Int32Array): void {
    this.tokenOfIds(
      this.wordInterner.idOfHashedRange(
        text,
        bounds[0] as number,
        bounds[1] as number,
        bounds[2] as number,
      ),
      this.tagInterner.idOfHashedRange(
        text,
        bounds[3] as number,
        bounds[4] as number,
        bounds[5] as number,
      ),
    );
  }

  /** Ends the current sentence (one of no tokens when none was added). */
  endSentence(): void {
    const n = this.length;
    if (!this.scratch) {
      this.note(n, this.words.chunks.length - 1);
      return;
    }
    if (this.words.chunks.length === 0 || this.used + n > this.room) {
      // NOTE: a chunk left mostly empty (a long sentence came) is cut to what it holds.
      if (this.room - this.used > this.room / 4) {
        this.words.trimLast(this.used);
        this.tags.trimLast(this.used);
      }
      this.room = Math.max(this.chunkIds, n);
      this.words.addChunk(this.room);
      this.tags.addChunk(this.room);
      this.used = 0;
    }
    this.words.fit(this.wordNames.tokens.length);
    this.tags.fit(this.tagNames.tokens.length);
    const last = this.words.chunks.length - 1;
    // NOTE: a loop rather than `set` of subarrays: two views a sentence and the conversion to the
    // chunks' narrower type cost ~250 ns a sentence (17 tokens on average in the benchmark).
    const words = this.words.chunks[last] as IdArray;
    const tags = this.tags.chunks[last] as IdArray;
    const wordIds = this.wordIds;
    const tagIds = this.tagIds;
    const at = this.used;
    for (let k = 0; k < n; k++) {
      words[at + k] = wordIds[k] as number;
      tags[at + k] = tagIds[k] as number;
    }
    this.note(n, last);
    this.scratch = false;
    this.wordChunk = words;
    this.tagChunk = tags;
    this.wordLimit = this.words.limit;
    this.tagLimit = this.tags.limit;
  }

  /** Notes a sentence of `n` ids that starts at `used` in chunk `chunk`, and starts the next. */
  private note(n: number, chunk: number): void {
    const i = this.count;
    if (i === this.lengths.length) {
      this.lengths = grown(this.lengths, i + 1);
      this.chunkOf = grown(this.chunkOf, i + 1);
      this.starts = grown(this.starts, i + 1);
    }
    this.lengths[i] = n;
    this.chunkOf[i] = chunk;
    this.starts[i] = this.used;
    this.used += n;
    this.count++;
    this.length = 0;
  }

  /** Appends one sentence (parallel tokens and tags). */
  add(tokens: readonly string[], tags: readonly string[]): void {
    for (let k = 0; k < tokens.length; k++) {
      this.tokenOfIds(
        this.wordInterner.idOf(tokens[k] as string),
        this.tagInterner.idOf(tags[k] as string),
      );
    }
    this.endSentence();
  }

  /** The corpus of the sentences added. */
  finish(): TagCorpus {
    this.words.trimLast(this.used);
    this.tags.trimLast(this.used);
    return {
      count: this.count,
      wordNames: this.wordNames.tokens,
      tagNames: this.tagNames.tokens,
      lengths: this.lengths.slice(0, this.count),
      chunkOf: this.chunkOf.slice(0, this.count),
      starts: this.starts.slice(0, this.count),
      wordChunks: this.words.chunks,
      tagChunks: this.tags.chunks,
    };
  }
}

/** The chunk-tag scheme of the corpus's tags (as `detectTagScheme` over every sentence), each distinct tag parsed once. */
export function corpusTagScheme(corpus: TagCorpus): TagScheme {
  const parts = corpus.tagNames.map(chunkTagParts);
  if (parts.some((t) => t !== null && (t.prefix === 'S' || t.prefix === 'E' || t.prefix === 'L'))) {
    return 'bioes';
  }
  // NOTE: per tag id its type's number (−1: no chunk tag) and whether it opens with I, so the
  // sentences are read as ids in file order without a string compared per token.
  const types = new Map<string, number>();
  const typeOf = Int32Array.from(parts, (t) => {
    if (t === null) return -1;
    if (!types.has(t.type)) types.set(t.type, types.size);
    return types.get(t.type) as number;
  });
  const inside = Uint8Array.from(parts, (t) => (t !== null && t.prefix === 'I' ? 1 : 0));
  for (let i = 0; i < corpus.count; i++) {
    const tags = corpus.tagChunks[corpus.chunkOf[i] as number] as IdArray;
    const start = corpus.starts[i] as number;
    const end = start + (corpus.lengths[i] as number);
    let prevType = -1;
    for (let k = start; k < end; k++) {
      const tag = tags[k] as number;
      const type = typeOf[tag] as number;
      if (type !== -1 && inside[tag] === 1 && prevType !== type) return 'iob1';
      prevType = type;
    }
  }
  return 'iob2';
}

/** True when `toIob2` under `scheme` leaves every tag of the corpus as it is: IOB2 already, every chunk tag spelt `B-type` or `I-type`. */
function alreadyIob2(corpus: TagCorpus, scheme: TagScheme): boolean {
  if (scheme !== 'iob2') return false;
  return corpus.tagNames.every((name) => {
    const t = chunkTagParts(name);
    return t === null || name === `${t.prefix}-${t.type}`;
  });
}

/**
 * The corpus with its tags rewritten from `scheme` to IOB2 as `toIob2` rewrites each sentence,
 * working on tag ids: each distinct tag is parsed once and each rewritten tag spelt once; the
 * corpus itself when nothing would change.
 */
export function corpusToIob2(corpus: TagCorpus, scheme: TagScheme): TagCorpus {
  if (alreadyIob2(corpus, scheme)) return corpus;
  const parts = corpus.tagNames.map(chunkTagParts);
  const interner = new TokenInterner();
  /** Per tag id: its id as it is (slot 0), with prefix B (1) and with prefix I (2); −1 until needed. */
  const memo = new Int32Array(3 * corpus.tagNames.length).fill(-1);
  const spelt = (tag: number, slot: number, spell: () => string): number => {
    const at = 3 * tag + slot;
    if (memo[at] === -1) memo[at] = interner.idOf(spell());
    return memo[at] as number;
  };
  // NOTE: the scheme found on this corpus leaves only B and I, so at most 3 spellings a tag.
  const tagChunks = corpus.tagChunks.map((c) => idArrayFor(3 * corpus.tagNames.length, c.length));
  for (let i = 0; i < corpus.count; i++) {
    const tags = corpus.tagChunks[corpus.chunkOf[i] as number] as IdArray;
    const out = tagChunks[corpus.chunkOf[i] as number] as IdArray;
    const start = corpus.starts[i] as number;
    const end = start + (corpus.lengths[i] as number);
    let prevType: string | null = null;
    for (let k = start; k < end; k++) {
      const tag = tags[k] as number;
      const t = parts[tag];
      if (t === null || t === undefined) {
        out[k] = spelt(tag, 0, () => corpus.tagNames[tag] as string);
        prevType = null;
        continue;
      }
      let prefix = t.prefix;
      if (scheme === 'bioes')
        prefix = prefix === 'S' ? 'B' : prefix === 'E' || prefix === 'L' ? 'I' : prefix;
      if (scheme === 'iob1' && prefix === 'I' && prevType !== t.type) prefix = 'B';
      const spell = () => `${prefix}-${t.type}`;
      out[k] =
        prefix === 'B' || prefix === 'I'
          ? spelt(tag, prefix === 'B' ? 1 : 2, spell)
          : interner.idOf(spell());
      prevType = t.type;
    }
  }
  return { ...corpus, tagNames: interner.tokens, tagChunks };
}
