/** The builder's size estimates follow the core's tokenizers: each task's default, lower-cased words, and a Korean seq2seq side read as characters. */
import { describe, expect, it } from 'vitest';
import { buildVocab, type Inspection, wordTokens } from '../../../core/data/index.ts';
import { defaultRunSpec } from '../../app/runSpec.ts';
import { datasetDims, estimateVocab } from './dims.ts';

const INSPECTION = { columns: [] } as unknown as Inspection;

describe('estimateVocab', () => {
  it('lower-cases words and BPE as the core does, keeps the case of characters', () => {
    const texts = ['The cat', 'the Cat'];
    // the, cat + 4 specials; characters: T t h e c C a + space.
    expect(estimateVocab(texts, {}, 'word')).toBe(2 + 4);
    expect(estimateVocab(texts, {}, 'char')).toBe(8 + 4);
  });

  it("gives the size of the core's vocabulary under minFreq and maxVocab (the specials counted in maxVocab)", () => {
    // a ×4, b ×3, c ×2, d e f ×1.
    const texts = ['a b c d', 'a b c e', 'a b f', 'a'];
    const tokens = texts.map((t) => wordTokens(t));
    for (const data of [
      { minFreq: 1 },
      { minFreq: 2 },
      { minFreq: 3 },
      { minFreq: 1, maxVocab: 10 },
      { minFreq: 1, maxVocab: 6 },
      { minFreq: 2, maxVocab: 10 },
    ]) {
      const core = buildVocab(tokens, {
        minFreq: data.minFreq,
        ...('maxVocab' in data ? { maxSize: data.maxVocab } : {}),
      });
      expect(estimateVocab(texts, data, 'word'), JSON.stringify(data)).toBe(core.size);
    }
  });
});

describe('datasetDims', () => {
  it('uses the task default tokenizer when the spec names none (classify: words)', () => {
    const spec = defaultRunSpec('classify');
    spec.data = { textColumn: 'text', labelColumn: 'label' };
    const preview = {
      columns: ['text', 'label'],
      rows: [
        ['good movie', '1'],
        ['bad movie', '0'],
      ],
      complete: true,
    };
    expect(datasetDims(spec, preview, INSPECTION)).toEqual({ numClasses: 2, vocabSize: 3 + 4 });
  });

  it('counts a Korean seq2seq side in characters whatever tokenizer is chosen, the other side in it', () => {
    const spec = defaultRunSpec('seq2seq');
    spec.data = { sourceColumn: 'ko', targetColumn: 'en', tokenizer: 'word' };
    const preview = {
      columns: ['ko', 'en'],
      rows: [
        ['안녕하세요', 'Hello there'],
        ['안녕', 'hello'],
      ],
      complete: true,
    };
    // 안 녕 하 세 요 → 5 characters; hello, there → 2 words.
    expect(datasetDims(spec, preview, INSPECTION)).toEqual({
      vocabSize: 5 + 4,
      targetVocabSize: 2 + 4,
    });
  });

  it('counts tag words as the core normalises them (lower case, digits → 0) and characters seen twice', () => {
    const spec = defaultRunSpec('tag');
    const preview = {
      columns: ['tokens', 'tags'],
      rows: [
        ['In 1999 The cat', 'ADP NUM DET NOUN'],
        ['in 2004 the Cat', 'ADP NUM DET NOUN'],
      ],
      complete: true,
    };
    // Words: in, 0000, the, cat (In/in, 1999/2004, The/the, cat/Cat) → 4.
    const dims = datasetDims(spec, preview, INSPECTION);
    expect(dims.vocabSize).toBe(4 + 4);
    // Characters as written, kept when seen twice: n 9 h e a t 0 (I, 1, T, c, i, 2, 4, C once) → 7,
    // plus padding and unknown.
    expect(dims.charVocabSize).toBe(7 + 2);
    expect(dims.numClasses).toBeGreaterThanOrEqual(4);
  });
});
