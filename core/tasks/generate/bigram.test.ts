/** Tests of the interpolated bigram baseline. */
import { describe, expect, it } from 'vitest';
import { BIGRAM_WEIGHT, bigramNll, fitBigram } from './bigram.ts';

describe('bigram baseline', () => {
  // vocabulary of 6 ids; one training sequence 2 → 4 → 5 → 3
  const train = [{ input: [2, 4, 5], target: [4, 5, 3] }];
  const model = fitBigram(train, 6);

  it('counts targets and (previous, target) pairs', () => {
    expect(model.unigram).toEqual([0, 0, 0, 1, 1, 1]);
    expect(model.pairs).toEqual([2, 4, 1, 4, 5, 1, 5, 3, 1]);
  });

  it('interpolates the bigram estimate with the add-one unigram', () => {
    const uni = 2 / (3 + 6);
    const seen = bigramNll(model, [{ input: [2], target: [4] }]);
    expect(seen.nll).toBeCloseTo(-Math.log(BIGRAM_WEIGHT + (1 - BIGRAM_WEIGHT) * uni), 12);
    // 3 never preceded anything: the unigram alone
    const unseen = bigramNll(model, [{ input: [3], target: [1] }]);
    expect(unseen).toEqual({ nll: -Math.log(1 / 9), tokens: 1 });
  });
});
