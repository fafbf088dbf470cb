/** Tests of accuracy, the confusion matrix, per-class scores and macro-F1 (values checked against scikit-learn's definitions by hand). */
import { describe, expect, it } from 'vitest';
import { accuracy, classScores, confusionMatrix, macroF1 } from './classification.ts';

describe('classification metrics', () => {
  const gold = [0, 0, 1, 1, 2, 2];
  const pred = [0, 1, 1, 1, 0, 2];

  it('counts accuracy as the share of equal ids', () => {
    expect(accuracy(gold, pred)).toBeCloseTo(4 / 6, 12);
    expect(accuracy([], [])).toBeNaN();
  });

  it('puts gold classes on rows and predictions on columns', () => {
    expect(confusionMatrix(gold, pred, 3)).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
  });

  it('computes per-class precision, recall and F1', () => {
    const s = classScores(confusionMatrix(gold, pred, 3), ['a', 'b', 'c']);
    expect(s[1]).toEqual({ label: 'b', precision: 2 / 3, recall: 1, f1: 0.8, support: 2 });
    expect(s[2]?.precision).toBe(1);
    expect(s[2]?.recall).toBe(0.5);
  });

  it('averages F1 over the classes present, as scikit-learn macro does', () => {
    // sklearn.metrics.f1_score([0,0,1,1,2,2],[0,1,1,1,0,2], average='macro') = (0.5 + 0.8 + 2/3) / 3
    expect(macroF1(gold, pred, 3)).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 12);
    // class 2 never occurs: it is left out rather than counted as 0
    expect(macroF1([0, 1], [0, 1], 3)).toBe(1);
  });

  it('refuses an id outside the classes', () => {
    expect(() => confusionMatrix([3], [0], 3)).toThrow(
      'confusionMatrix: class ids must be integers in [0, 3), got 3.',
    );
  });

  it('refuses predictions of another length', () => {
    expect(() => accuracy([0, 1], [0])).toThrow(
      'accuracy: predicted must have the length of gold 2, got 1.',
    );
  });
});
