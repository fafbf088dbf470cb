/** Tests of the byte-scanning CoNLL reader on the real CoNLL sets in ../shared/data: the corpus the character reader gives over the decoded text, however the file is cut into pieces. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StreamDecoder } from '../../data/encoding.ts';
import { inspectForReading } from '../../data/recordStream.ts';
import { ConllByteReader } from './conllByteReader.ts';
import { ConllCorpusReader } from './conllCorpusReader.ts';
import { sentenceTags, sentenceWords, type TagCorpus, TagCorpusBuilder } from './corpus.ts';

const sharedData = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data');

/** The corpus as plain arrays: distinct words and tags, and each sentence's word and tag ids. */
function summary(corpus: TagCorpus) {
  return {
    wordNames: [...corpus.wordNames],
    tagNames: [...corpus.tagNames],
    words: Array.from({ length: corpus.count }, (_, i) => Array.from(sentenceWords(corpus, i))),
    tags: Array.from({ length: corpus.count }, (_, i) => Array.from(sentenceTags(corpus, i))),
  };
}

describe.each([
  ['klue-ner', 'klue-ner-v1.1_dev.first2000.tsv'],
  ['uner-english-ewt', 'en_ewt-ud-dev.iob2'],
])('ConllByteReader on %s', (folder, name) => {
  it('reads the corpus the character reader reads, in pieces of any size', async () => {
    const bytes = new Uint8Array(readFileSync(join(sharedData, folder, name)));
    const inspection = await inspectForReading(bytes, { fileName: name, forReading: true });
    const layout = inspection.conllLayout;
    expect(inspection.format).toBe('conll');
    if (layout === undefined || layout === null) throw new Error('no CoNLL layout');
    const builder = new TagCorpusBuilder();
    const characters = new ConllCorpusReader(builder, { fileName: name, layout });
    const decoder = new StreamDecoder('utf-8', { fileName: name, bomLength: 0 });
    characters.push(decoder.decode(bytes, { final: true }));
    characters.end();
    const expected = summary(builder.finish());
    expect(expected.words.length).toBeGreaterThan(1000);
    for (const size of [bytes.length, 65536, 4099, 17]) {
      const reader = new ConllByteReader({ fileName: name, layout, chunkIds: 4096 });
      for (let at = 0; at < bytes.length; at += size) reader.push(bytes.slice(at, at + size));
      expect(summary(reader.end())).toEqual(expected);
    }
  });
});
