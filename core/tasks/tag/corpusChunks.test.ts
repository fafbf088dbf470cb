/** Tests of where TagCorpusBuilder puts each sentence: the chunks, widths and places that copying every sentence from a scratch buffer at its end gives, through chunk overflows, long sentences, empty ones and widenings in mid-sentence. */
import { describe, expect, it } from 'vitest';
import { TagCorpusBuilder } from './corpus.ts';

const LIMITS = [256, 65536, 2 ** 31];

/** One id column's chunks as plain arrays with their width (0: 8-bit, 1: 16-bit, 2: 32-bit). */
interface Column {
  width: number;
  chunks: number[][];
}

/**
 * The corpus layout the rule gives with each sentence copied from a scratch buffer when it ends:
 * a new chunk (the last one cut to what it holds when over a quarter is left) when the sentence
 * does not fit, then the columns widened to hold every id so far.
 */
function scratchLayout(sentences: { words: number[]; tags: number[] }[], chunkIds: number) {
  const words: Column = { width: 1, chunks: [] };
  const tags: Column = { width: 0, chunks: [] };
  const lengths: number[] = [];
  const chunkOf: number[] = [];
  const starts: number[] = [];
  let used = 0;
  let room = 0;
  let wordsSeen = 0;
  let tagsSeen = 0;
  for (const s of sentences) {
    const n = s.words.length;
    if (words.chunks.length === 0 || used + n > room) {
      if (room - used > room / 4) {
        for (const c of [words, tags]) c.chunks[c.chunks.length - 1]?.splice(used);
      }
      room = Math.max(chunkIds, n);
      for (const c of [words, tags]) c.chunks.push(new Array(room).fill(0));
      used = 0;
    }
    wordsSeen = s.words.reduce((m, w) => Math.max(m, w + 1), wordsSeen);
    tagsSeen = s.tags.reduce((m, t) => Math.max(m, t + 1), tagsSeen);
    while ((LIMITS[words.width] as number) < wordsSeen) words.width++;
    while ((LIMITS[tags.width] as number) < tagsSeen) tags.width++;
    const last = words.chunks.length - 1;
    s.words.forEach((w, k) => {
      (words.chunks[last] as number[])[used + k] = w;
      (tags.chunks[last] as number[])[used + k] = s.tags[k] as number;
    });
    lengths.push(n);
    chunkOf.push(last);
    starts.push(used);
    used += n;
  }
  for (const c of [words, tags]) c.chunks[c.chunks.length - 1]?.splice(used);
  return { lengths, chunkOf, starts, words, tags };
}

const WIDTH_OF: Record<string, number> = { Uint8Array: 0, Uint16Array: 1, Int32Array: 2 };

describe('TagCorpusBuilder chunks', () => {
  it('places every sentence as copying it from a scratch buffer at its end would', () => {
    const chunkIds = 64;
    const sentences: { words: number[]; tags: number[] }[] = [];
    const builder = new TagCorpusBuilder(chunkIds);
    let nextWord = 0;
    let state = 7;
    const rand = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    // NOTE: new words past 65,536 and new tags past 256 arrive in mid-sentence; lengths of 0–40
    // overflow the 64-id chunks often, and one sentence in 50 is longer than a chunk.
    for (let s = 0; s < 6000; s++) {
      const n = s % 50 === 49 ? 65 + rand(60) : rand(41);
      const words = Array.from({ length: n }, () =>
        rand(4) !== 0 || nextWord < 10 ? nextWord++ : rand(nextWord),
      );
      const tags = Array.from({ length: n }, () => (s > 3000 ? rand(300) : rand(5)));
      sentences.push({ words, tags });
    }
    // The builder interns names, so ids come in first-seen order: spell each id's name so they match.
    const seenTags = new Map<number, number>();
    for (const s of sentences) {
      s.tags = s.tags.map((t) => {
        if (!seenTags.has(t)) seenTags.set(t, seenTags.size);
        return seenTags.get(t) as number;
      });
      builder.add(
        s.words.map((w) => `w${w}`),
        s.tags.map((t) => `t${t}`),
      );
    }
    const corpus = builder.finish();
    const expected = scratchLayout(sentences, chunkIds);
    expect(nextWord).toBeGreaterThan(65536);
    expect(seenTags.size).toBeGreaterThan(256);
    expect(expected.words.chunks.length).toBeGreaterThan(1000);
    expect(Array.from(corpus.lengths)).toEqual(expected.lengths);
    expect(Array.from(corpus.chunkOf)).toEqual(expected.chunkOf);
    expect(Array.from(corpus.starts)).toEqual(expected.starts);
    for (const [chunks, column] of [
      [corpus.wordChunks, expected.words],
      [corpus.tagChunks, expected.tags],
    ] as const) {
      expect(chunks.map((c) => WIDTH_OF[c.constructor.name])).toEqual(
        column.chunks.map(() => column.width),
      );
      expect(chunks.map((c) => Array.from(c))).toEqual(column.chunks);
    }
  });
});
