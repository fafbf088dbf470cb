/** Tests of the byte-scanning CoNLL reader: the same corpus, errors and line numbers as the character reader over the decoded text, wherever the bytes are cut (inside a character too). */
import { describe, expect, it } from 'vitest';
import type { ConllLayout } from '../../data/conll.ts';
import { encodeUtf8, StreamDecoder } from '../../data/encoding.ts';
import { ConllByteReader, jsSpaceAt } from './conllByteReader.ts';
import { ConllCorpusReader, isJsSpace } from './conllCorpusReader.ts';
import { sentenceTags, sentenceWords, type TagCorpus, TagCorpusBuilder } from './corpus.ts';

const TAB: ConllLayout = { separator: 'tab', fieldCount: 2, tokenField: 0, tagField: 1 };
const TAB3: ConllLayout = { separator: 'tab', fieldCount: 3, tokenField: 0, tagField: 2 };
const SPACE: ConllLayout = { separator: 'space', fieldCount: 3, tokenField: 0, tagField: 2 };

interface Read {
  wordNames: readonly string[];
  tagNames: readonly string[];
  sentences: { words: number[]; tags: number[] }[];
}

function summary(corpus: TagCorpus): Read {
  return {
    wordNames: corpus.wordNames,
    tagNames: corpus.tagNames,
    sentences: Array.from({ length: corpus.count }, (_, i) => ({
      words: Array.from(sentenceWords(corpus, i)),
      tags: Array.from(sentenceTags(corpus, i)),
    })),
  };
}

/** What the character reader gives (or its error message) for `bytes` decoded as the stream decoder does. */
function byCharacters(bytes: Uint8Array, layout: ConllLayout): Read | string {
  const builder = new TagCorpusBuilder(5);
  try {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const decoder = new StreamDecoder('utf-8', { fileName: 'f.conll', bomLength: bom });
    const reader = new ConllCorpusReader(builder, { fileName: 'f.conll', layout });
    reader.push(decoder.decode(bytes, { final: true }));
    reader.end();
  } catch (err) {
    return (err as Error).message;
  }
  return summary(builder.finish());
}

/** What the byte reader gives (or its error message) fed `pieces`. */
function byBytes(pieces: readonly Uint8Array[], layout: ConllLayout): Read | string {
  try {
    const reader = new ConllByteReader({ fileName: 'f.conll', layout, chunkIds: 5 });
    for (const p of pieces) reader.push(p);
    return summary(reader.end());
  } catch (err) {
    return (err as Error).message;
  }
}

/** The bytes whole, one byte a piece, and every cut into two pieces (and an empty piece). */
function cuts(bytes: Uint8Array): Uint8Array[][] {
  const out = [[bytes], Array.from(bytes, (b) => Uint8Array.of(b))];
  for (let at = 0; at <= bytes.length; at++) {
    out.push([bytes.slice(0, at), new Uint8Array(0), bytes.slice(at)]);
  }
  return out;
}

const TAB_TEXT =
  '# a comment\n-DOCSTART-\tO\n\nEU\tB-ORG\r\nrejects\tO\rGerman\tB-MISC\n\n\n# a comment, as no sentence is open\tO\n \tO\n\t\ncall\tO\r\n \t \n  \n\u00a0\nlast\tO';
const UNICODE_TEXT =
  '\ufeff# 주석 ü\n서울\tB-LOC\nÉcole\tB-ORG\n\u3000\u2028\u00a0\ufeff\n😀\tO\n\ufeffmid\tO\n서울\tI-LOC\n\u205f\n\u1680\t\nnaïve\tO\r\n\r\n-DOCSTART- ü\nÉcole\tB-ORG\n';
const TAB3_TEXT = 'a\tNNP ü\tB-X\n\nb\t명사\tO\n\u00a0 \u3000\n';
const SPACE_TEXT =
  'Peter  NNP\u00a0B-PER\n  Blackburn NNP   I-PER  \n\u3000\n% x y\nin IN O\r\n\r\n%Bonn NNP B-LOC\n서울\u3000NNP\u2003B-LOC\nÉcole\u205fNN\u1680O\t\n';

describe('ConllByteReader', () => {
  it.each([
    ['tab', TAB_TEXT, TAB],
    ['tab, non-ASCII and U+FEFF', UNICODE_TEXT, TAB],
    ['tab, the tag first', UNICODE_TEXT, { ...TAB, tokenField: 1, tagField: 0 }],
    ['tab, form feeds and vertical tabs in fields', 'a\fb\tO\nc\tB-\vX\n\v\tO\n\n\t\n', TAB],
    ['tab, three fields', TAB3_TEXT, TAB3],
    ['space', SPACE_TEXT, SPACE],
    ['space, % comments', SPACE_TEXT, { ...SPACE, commentPrefix: '%' }],
    ['space, no comments', SPACE_TEXT, { ...SPACE, commentPrefix: '' }],
    [
      'tab, a comment prefix with a lone surrogate',
      '\ufffd x\tO\n',
      { ...TAB, commentPrefix: '\ud800' },
    ],
  ])('reads %s as the character reader does, however the bytes are cut', (_n, text, layout) => {
    const bytes = encodeUtf8(text);
    const expected = byCharacters(bytes, layout);
    expect(typeof expected).not.toBe('string');
    for (const pieces of cuts(bytes)) expect(byBytes(pieces, layout)).toEqual(expected);
  });

  it.each([
    ['a line of another field count', encodeUtf8('a\tO\nb\tO\textra\n'), TAB],
    ['a line of one field after a sentence', encodeUtf8('a b O\n\nlonely\n'), SPACE],
    ['no sentence', encodeUtf8('# only a comment\n\n-DOCSTART- -X- O\n'), SPACE],
    ['an empty file', new Uint8Array(0), TAB],
    ['a byte-order mark alone', Uint8Array.of(0xef, 0xbb, 0xbf), TAB],
    ['half a byte-order mark', Uint8Array.of(0xef, 0xbb), TAB],
    ['a new word not UTF-8', Uint8Array.of(0x61, 9, 0x4f, 10, 0x62, 0xff, 9, 0x4f, 10), TAB],
    ['a tag not UTF-8', Uint8Array.of(0x61, 9, 0x4f, 10, 0x62, 9, 0xc0, 0x80, 10), TAB],
    ['a surrogate in a word', Uint8Array.of(0x61, 9, 0x4f, 10, 0xed, 0xa0, 0x80, 9, 0x4f), TAB],
    ['a cut character at the end', Uint8Array.of(0x61, 9, 0x4f, 10, 0x62, 9, 0xe2, 0x82), TAB],
    ['a middle field not UTF-8', Uint8Array.of(0x61, 9, 0xfe, 9, 0x4f, 10), TAB3],
    ['a comment not UTF-8', Uint8Array.of(0x23, 0xff, 10, 0x61, 9, 0x4f, 10), TAB],
    ['a blank-looking line not UTF-8', Uint8Array.of(0x61, 9, 0x4f, 10, 0xc2, 10), TAB],
    ['a wrong field count not UTF-8', Uint8Array.of(0x61, 9, 0x4f, 10, 0xff, 10), TAB],
    ['a space-separated word not UTF-8', Uint8Array.of(0x61, 32, 0xc2, 32, 0x4f, 10), SPACE],
  ])('fails on %s with the character reader’s message', (_n, bytes, layout) => {
    const expected = byCharacters(bytes, layout);
    expect(typeof expected).toBe('string');
    for (const pieces of cuts(bytes)) expect(byBytes(pieces, layout)).toBe(expected);
  });

  it('finds a word seen before without decoding it again, across pieces', () => {
    const text = Array.from(
      { length: 400 },
      (_, i) => `w${i % 37}ü\tT${i % 3}\n${i % 9 === 8 ? '\n' : ''}`,
    ).join('');
    const bytes = encodeUtf8(text);
    const expected = byCharacters(bytes, TAB) as Read;
    expect(expected.wordNames).toHaveLength(37);
    const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, k) =>
      bytes.slice(k * 7, k * 7 + 7),
    );
    expect(byBytes(pieces, TAB)).toEqual(expected);
  });

  it('takes as white space exactly the characters isJsSpace takes, from their UTF-8 bytes', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const bytes = encodeUtf8(String.fromCharCode(c));
      const whole = jsSpaceAt(bytes, 0, bytes.length);
      // A character cut short is no white space.
      const cut = bytes.length > 1 ? jsSpaceAt(bytes, 0, bytes.length - 1) : 0;
      if (whole !== (isJsSpace(c) ? bytes.length : 0) || cut !== 0) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});
