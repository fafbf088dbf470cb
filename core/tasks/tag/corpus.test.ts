/** Tests of the compact tag corpus: it holds the same sentences, words and IOB2 tags as the sentence reader, and its examples as the tagger sees them. */
import { describe, expect, it } from 'vitest';
import { detectTagScheme } from '../../data/tagScheme.ts';
import { Vocab } from '../../data/vocab.ts';
import { CharVocab } from './chars.ts';
import {
  corpusTagScheme,
  corpusToIob2,
  sentenceTags,
  sentenceWords,
  type TagCorpus,
  TagCorpusBuilder,
} from './corpus.ts';
import { corpusExample, encodeCorpus } from './corpusEncoding.ts';
import { readTagCorpus, readTagFile } from './data.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/** IOB1 NER (entities opening with I-), a repeated word with two tags, a CRLF line end. */
const IOB1 =
  'EU I-ORG\nrejects O\nGerman I-MISC\ncall O\n\nPeter I-PER\nBlackburn I-PER\r\n\nEU I-ORG\nEU O\ncall O\n';

function sentencesOf(corpus: TagCorpus): { tokens: string[]; tags: string[] }[] {
  return Array.from({ length: corpus.count }, (_, i) => {
    return {
      tokens: Array.from(sentenceWords(corpus, i), (w) => corpus.wordNames[w] as string),
      tags: Array.from(sentenceTags(corpus, i), (t) => corpus.tagNames[t] as string),
    };
  });
}

/** BIOES with '_' separators and a tag that is no chunk tag. */
const BIOES = 'New S_LOC\nYork E-LOC\nis O\nbig MISC\n\nBonn S-LOC\nand O\nNew B-LOC\nYork L-LOC\n';
/** IOB2 already. */
const IOB2 = 'Peter B-PER\nBlackburn I-PER\nsaid O\n\nin O\nBonn B-LOC\n';

describe('readTagCorpus', () => {
  it.each([
    ['bioes', BIOES],
    ['iob2', IOB2],
    ['iob1', IOB1],
  ])('rewrites %s tags to the IOB2 tags readTagFile gives', async (scheme, text) => {
    const file = await readTagFile(bytes(text), { fileName: 'ner.txt' });
    const read = await readTagCorpus(bytes(text), { fileName: 'ner.txt' });
    expect(read.scheme).toBe(scheme);
    expect(file.scheme).toBe(scheme);
    expect(sentencesOf(read.corpus)).toEqual(
      file.sentences.map(({ tokens, tags }) => ({ tokens, tags })),
    );
  });

  it('holds the sentences of readTagFile, each distinct word and tag once, tags in IOB2', async () => {
    const file = await readTagFile(bytes(IOB1), { fileName: 'ner.txt' });
    const read = await readTagCorpus(bytes(IOB1), { fileName: 'ner.txt' });
    expect(read.scheme).toBe('iob1');
    expect(read.layout).toEqual(file.layout);
    expect(sentencesOf(read.corpus)).toEqual(
      file.sentences.map(({ tokens, tags }) => ({ tokens, tags })),
    );
    expect(read.corpus.wordNames).toEqual([
      'EU',
      'rejects',
      'German',
      'call',
      'Peter',
      'Blackburn',
    ]);
    expect(read.corpus.tagNames).toEqual(['B-ORG', 'O', 'B-MISC', 'B-PER', 'I-PER']);
  });

  it('reads CoNLL-U with a null scheme, like readTagFile', async () => {
    const conllu =
      '# sent_id = a\n1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n2\tdog\tdog\tNOUN\tNN\t_\t0\troot\t_\t_\n\n';
    const read = await readTagCorpus(bytes(conllu), { fileName: 'x.conllu', tagField: 'xpos' });
    expect(read.scheme).toBeNull();
    expect(sentencesOf(read.corpus)).toEqual([{ tokens: ['The', 'dog'], tags: ['DT', 'NN'] }]);
  });
});

describe('corpusTagScheme', () => {
  it.each([
    ['iob2', [['B-X', 'I-X', 'O', 'B-Y', 'I-Y']]],
    ['iob1 (I after another type)', [['B-X', 'I-Y']]],
    ['iob1 (I after O)', [['O', 'I-X'], ['B-X']]],
    ['iob1 (I opening a sentence)', [['B-X', 'I-X'], ['I-X']]],
    ['bioes after iob1 evidence', [['I-X'], ['O', 'S-Y']]],
    ['no chunk tags', [['NOUN', 'VERB']]],
  ])('finds what detectTagScheme finds: %s', (_n, sentences) => {
    const builder = new TagCorpusBuilder();
    for (const tags of sentences)
      builder.add(
        tags.map((_, k) => `w${k}`),
        tags,
      );
    expect(corpusTagScheme(builder.finish())).toBe(detectTagScheme(sentences));
  });
});

describe('TagCorpusBuilder', () => {
  it('widens word ids past 65,536 distinct words and keeps every sentence as added', () => {
    const builder = new TagCorpusBuilder(1000);
    const added: { tokens: string[]; tags: string[] }[] = [];
    for (let s = 0; s < 7000; s++) {
      const tokens = Array.from({ length: 10 }, (_, k) => `w${(s * 10 + k) % 70_001}`);
      const tags = tokens.map((_, k) => (k % 3 === 0 ? 'B-X' : 'O'));
      added.push({ tokens, tags });
      builder.add(tokens, tags);
    }
    const corpus = builder.finish();
    expect(corpus.wordNames.length).toBe(70_000);
    expect(corpus.wordChunks.every((c) => c instanceof Int32Array)).toBe(true);
    expect(corpus.tagChunks.every((c) => c instanceof Uint8Array)).toBe(true);
    expect(sentencesOf(corpus)).toEqual(added);
  });

  it('leaves IOB2 tags spelt B-type as they are and respells B_type', () => {
    const plain = new TagCorpusBuilder();
    plain.add(['a', 'b', 'c'], ['B-X', 'I-X', 'O']);
    const corpus = plain.finish();
    expect(corpusToIob2(corpus, 'iob2')).toBe(corpus);
    const underscored = new TagCorpusBuilder();
    underscored.add(['a', 'b', 'c'], ['B_X', 'I_X', 'O']);
    expect(sentencesOf(corpusToIob2(underscored.finish(), 'iob2'))).toEqual([
      { tokens: ['a', 'b', 'c'], tags: ['B-X', 'I-X', 'O'] },
    ]);
  });
});

describe('encodeCorpus', () => {
  it('builds an example with vocabulary ids, characters and targets (−100 for an unseen tag)', async () => {
    const { corpus } = await readTagCorpus(bytes(IOB1), { fileName: 'ner.txt' });
    const words = new Vocab(['<pad>', '<unk>', '<bos>', '<eos>', 'eu', 'call']);
    const chars = new CharVocab(['<pad>', '<unk>', 'E', 'U']);
    const encoding = encodeCorpus(
      corpus,
      { words, chars, normalize: (w) => w.toLowerCase() },
      new Map([
        ['O', 0],
        ['B-ORG', 1],
      ]),
    );
    expect(corpusExample(encoding, 2)).toEqual({
      words: ['EU', 'EU', 'call'],
      ids: [4, 4, 5],
      tags: ['B-ORG', 'O', 'O'],
      targets: [1, 0, 0],
      chars: [
        [2, 3],
        [2, 3],
        [1, 1, 1, 1],
      ],
    });
    expect(corpusExample(encoding, 1).targets).toEqual([-100, -100]);
  });
});
