/** Tests of the seq2seq data helpers: pairs, per-side tokenizers, batches and the baselines' building blocks. */
import { describe, expect, it } from 'vitest';
import type { Table } from '../../data/table.ts';
import { BOS_ID, EOS_ID } from '../../data/vocab.ts';
import { presetSpec } from '../presets.ts';
import {
  bleuTokenizeFor,
  fitSideTokenizer,
  isMostlyKorean,
  makeBatch,
  mostFrequentTarget,
  readPairs,
  retrieveTargets,
} from './data.ts';

const table: Table = {
  fileName: 'pairs.tsv',
  columns: ['en', 'ko'],
  rows: [
    ['Hi.', '안녕.'],
    ['', '빈 줄'],
    ['Run!', '뛰어!'],
    ['Hi.', '안녕.'],
  ],
  lines: [2, 3, 4, 5],
};

describe('seq2seq data', () => {
  it('reads pairs, skipping rows with an empty side, and keeps their lines', () => {
    const pairs = readPairs(table, { source: 'en', target: 'ko' });
    expect(pairs.map((p) => [p.source, p.target, p.line])).toEqual([
      ['Hi.', '안녕.', 2],
      ['Run!', '뛰어!', 4],
      ['Hi.', '안녕.', 5],
    ]);
    expect(mostFrequentTarget(pairs)).toBe('안녕.');
  });

  it('names both columns when no row has both sides', () => {
    const empty: Table = {
      ...table,
      rows: [
        ['', 'x'],
        ['y', ''],
      ],
      lines: [2, 3],
    };
    expect(() => readPairs(empty, { source: 'en', target: 'ko' })).toThrow(
      "'pairs.tsv': seq2seq needs rows with both 'en' and 'ko' filled, got none.",
    );
  });

  it('tokenises a Korean side by character and states char BLEU for it, whatever the spec says', () => {
    const spec = presetSpec('seq2seq');
    spec.data.tokenizer = 'word';
    expect(isMostlyKorean(['안녕하세요, Tom.'])).toBe(true);
    expect(isMostlyKorean(['Hello, 민수.'])).toBe(false);
    const ko = fitSideTokenizer(spec, ['안녕.', '뛰어!']);
    expect(ko).toEqual({ kind: 'char', lowercase: false });
    expect(bleuTokenizeFor(ko)).toBe('char');
    const en = fitSideTokenizer(spec, ['Hi.', 'Run!']);
    expect(en).toEqual({ kind: 'word', lowercase: true });
    expect(bleuTokenizeFor(en)).toBe('13a');
  });

  it('builds decoder inputs from <bos> and targets ending in <eos>, padded with 0', () => {
    const b = makeBatch([
      { src: [5, 6, 7], tgt: [8] },
      { src: [9], tgt: [10, 11] },
    ]);
    expect(b.shape).toEqual([2, 3]);
    expect([...b.lengths]).toEqual([3, 1]);
    expect([...b.tgtIn]).toEqual([BOS_ID, 8, 0, BOS_ID, 10, 11]);
    expect([...b.tgtOut]).toEqual([8, EOS_ID, 0, 10, 11, EOS_ID]);
    expect(b.tokens).toBe(5);
  });

  it('retrieves the target of the training source with the most token overlap', () => {
    const train = [
      { source: 'i like green tea', target: 'A', line: 1 },
      { source: 'tom likes coffee', target: 'B', line: 2 },
    ];
    const tok = { kind: 'word' as const, lowercase: true };
    expect(retrieveTargets(train, ['Tom likes tea', 'green tea please'], tok)).toEqual(['B', 'A']);
  });
});
