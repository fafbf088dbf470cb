/** Tests of the character-scanning CoNLL reader: the same sentences, errors and line numbers as ConllTaggedReader over LineSplitter, wherever the text is cut into pieces. */
import { describe, expect, it } from 'vitest';
import { type ConllLayout, ConllTaggedReader } from '../../data/conll.ts';
import { LineSplitter } from '../../data/recordStream.ts';
import { ConllCorpusReader, isJsSpace } from './conllCorpusReader.ts';
import { sentenceTags, sentenceWords, TagCorpusBuilder } from './corpus.ts';

const TAB: ConllLayout = { separator: 'tab', fieldCount: 2, tokenField: 0, tagField: 1 };
const SPACE: ConllLayout = { separator: 'space', fieldCount: 3, tokenField: 0, tagField: 2 };

type Sentences = { tokens: string[]; tags: string[] }[];

/** The sentences (or the error message) of the line reader the corpus reader replaces. */
function byLines(text: string, layout: ConllLayout): Sentences | string {
  const out: Sentences = [];
  try {
    const reader = new ConllTaggedReader({
      fileName: 'f.conll',
      layout,
      onSentence: (s) => out.push({ tokens: s.tokens, tags: s.tags }),
    });
    const lines = new LineSplitter((line, n) => reader.line(line, n));
    lines.push(text);
    lines.end();
    reader.finish();
    return out;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The sentences (or the error message) of the corpus reader fed `pieces`. */
function byRanges(
  pieces: readonly string[],
  layout: ConllLayout,
  chunkIds = 5,
): Sentences | string {
  const builder = new TagCorpusBuilder(chunkIds);
  try {
    const reader = new ConllCorpusReader(builder, { fileName: 'f.conll', layout });
    for (const p of pieces) reader.push(p);
    reader.end();
  } catch (err) {
    return (err as Error).message;
  }
  const corpus = builder.finish();
  return Array.from({ length: corpus.count }, (_, i) => ({
    tokens: Array.from(sentenceWords(corpus, i), (w) => corpus.wordNames[w] as string),
    tags: Array.from(sentenceTags(corpus, i), (t) => corpus.tagNames[t] as string),
  }));
}

/** Every cut of `text` into two pieces, and into one piece per character. */
function cuts(text: string): string[][] {
  const out = [[text], Array.from(text)];
  for (let at = 1; at < text.length; at++) out.push([text.slice(0, at), text.slice(at)]);
  return out;
}

const TAB_TEXT =
  '# a comment\n-DOCSTART-\tO\n\nEU\tB-ORG\r\nrejects\tO\rGerman\tB-MISC\n\n\n# a comment, as no sentence is open\tO\n \tO\n\t\ncall\tO\r\n \t \n  \n\u00a0\nlast\tO';
const SPACE_TEXT =
  'Peter  NNP\u00a0B-PER\n  Blackburn NNP   I-PER  \n\u3000\n% x y\nin IN O\r\n\r\n%Bonn NNP B-LOC\n';

describe('ConllCorpusReader', () => {
  it.each([
    ['tab', TAB_TEXT, TAB],
    ['space', SPACE_TEXT, SPACE],
    ['space, % comments', SPACE_TEXT, { ...SPACE, commentPrefix: '%' }],
    ['space, no comments', SPACE_TEXT, { ...SPACE, commentPrefix: '' }],
  ])(
    'reads %s-separated lines as the line reader does, however the text is cut',
    (_n, text, layout) => {
      const expected = byLines(text, layout);
      expect(typeof expected).not.toBe('string');
      for (const pieces of cuts(text)) expect(byRanges(pieces, layout)).toEqual(expected);
    },
  );

  it('keeps a sentence in one chunk, gives a long one its own and widens ids past 256 tags', () => {
    const lines: string[] = [];
    for (let s = 0; s < 60; s++) {
      for (let k = 0; k < 1 + ((s * 7) % 13); k++)
        lines.push(`w${s * 13 + k}\tT${(s * 13 + k) % 300}`);
      lines.push('');
    }
    const text = lines.join('\n');
    const expected = byLines(text, TAB) as Sentences;
    expect(byRanges([text], TAB, 4)).toEqual(expected);
    const builder = new TagCorpusBuilder(4);
    const reader = new ConllCorpusReader(builder, { fileName: 'f.conll', layout: TAB });
    reader.push(text);
    reader.end();
    const corpus = builder.finish();
    expect(corpus.tagNames.length).toBeGreaterThan(256);
    expect(corpus.tagChunks[0]).toBeInstanceOf(Uint16Array);
    for (let i = 0; i < corpus.count; i++) {
      const chunk = corpus.wordChunks[corpus.chunkOf[i] as number];
      expect((corpus.starts[i] as number) + (corpus.lengths[i] as number)).toBeLessThanOrEqual(
        chunk?.length as number,
      );
    }
  });

  it.each([
    ['a line of another field count', 'a\tO\nb\tO\textra\n', TAB],
    ['a line of one field after a sentence', 'a b O\n\nlonely\n', SPACE],
    ['no sentence', '# only a comment\n\n-DOCSTART- -X- O\n', SPACE],
    ['an empty text', '', TAB],
  ])('fails on %s with the line reader’s message', (_n, text, layout) => {
    const expected = byLines(text, layout);
    expect(typeof expected).toBe('string');
    for (const pieces of cuts(text)) expect(byRanges(pieces, layout)).toBe(expected);
  });

  it('takes as white space exactly what trim() removes', () => {
    for (let c = 0; c < 0x10000; c++) {
      expect(isJsSpace(c), `U+${c.toString(16)}`).toBe(String.fromCharCode(c).trim() === '');
    }
  });
});
