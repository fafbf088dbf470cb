/** Tests of reading prediction inputs from a data file: the model's input column per row, sentences for a tagger, refusals named. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { presetSpec } from '../tasks/presets.ts';
import { predictInputsFromFile } from './fileInputs.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('predictInputsFromFile', () => {
  it('reads the source column of a seq2seq model with the reading options given', async () => {
    const spec = presetSpec('seq2seq');
    spec.data = { ...spec.data, sourceColumn: 'ko', targetColumn: 'en' };
    const inputs = await predictInputsFromFile(utf8('en;ko\nhi;안녕\nbye;잘 가\n'), {
      fileName: 'pairs.csv',
      spec,
      reading: { delimiter: ';', header: 'yes' },
    });
    expect(inputs).toEqual([{ text: '안녕' }, { text: '잘 가' }]);
  });

  it('reads each sentence of a tagger’s file as its tokens', async () => {
    const inputs = await predictInputsFromFile(utf8('EU B-ORG\nrejects O\n\nPeter B-PER\n'), {
      fileName: 'ner.txt',
      spec: presetSpec('tag'),
      reading: {},
    });
    expect(inputs).toEqual([{ tokens: ['EU', 'rejects'] }, { tokens: ['Peter'] }]);
  });

  it('names the column a file lacks, and refuses a forecast spec', async () => {
    const spec = presetSpec('classify');
    spec.data = { ...spec.data, textColumn: 'review' };
    await expect(
      predictInputsFromFile(utf8('text,label\nfine,1\n'), { fileName: 'r.csv', spec, reading: {} }),
    ).rejects.toThrow(
      "'r.csv': the column must be one of 'text', 'label', got 'review'. Choose an existing column.",
    );
    await expect(
      predictInputsFromFile(utf8('a\n1\n'), {
        fileName: 'f.csv',
        spec: presetSpec('forecast'),
        reading: {},
      }),
    ).rejects.toThrow(ConfigError);
  });
});
