/** Tests of the per-example reports: confusion matrix counts, per-tag scores for POS and NER. */
import { describe, expect, it } from 'vitest';
import { confusionOf, isEntityTagging, tagScores } from './reports.ts';

describe('confusionOf', () => {
  it('counts gold rows against predicted columns over every label seen', () => {
    const m = confusionOf(['pos', 'neg', 'pos', 'neg'], ['pos', 'pos', 'neg', 'neg']);
    expect(m.labels).toEqual(['neg', 'pos']);
    expect(m.counts).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it('includes a label only the model predicted', () => {
    expect(confusionOf(['a'], ['b']).counts).toEqual([
      [0, 1],
      [0, 0],
    ]);
  });

  it('refuses lists of different lengths', () => {
    expect(() => confusionOf(['a'], [])).toThrow(
      'confusionOf: predicted must have as many labels as gold (1), got 0.',
    );
  });
});

describe('tagScores', () => {
  it('scores POS tags per token, largest support first', () => {
    const scores = tagScores([['NOUN', 'VERB', 'NOUN']], [['NOUN', 'NOUN', 'NOUN']]);
    expect(scores.map((s) => [s.label, s.support])).toEqual([
      ['NOUN', 2],
      ['VERB', 1],
    ]);
    expect(scores[0]?.precision).toBeCloseTo(2 / 3);
    expect(scores[0]?.recall).toBe(1);
    expect(scores[1]?.f1).toBe(0);
  });

  it('scores entity tags per type over exact spans', () => {
    const gold = [['B-PER', 'I-PER', 'O', 'B-LOC']];
    const pred = [['B-PER', 'O', 'O', 'B-LOC']];
    expect(isEntityTagging(gold)).toBe(true);
    const scores = tagScores(gold, pred);
    expect(scores.map((s) => [s.label, s.f1])).toEqual([
      ['LOC', 1],
      ['PER', 0],
    ]);
  });
});
