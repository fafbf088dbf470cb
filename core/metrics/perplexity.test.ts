/** Tests of perplexity from summed negative log-likelihood. */
import { describe, expect, it } from 'vitest';
import { perplexity } from './perplexity.ts';

describe('perplexity', () => {
  it('is the vocabulary size for a uniform model', () => {
    expect(perplexity(10 * Math.log(50), 10)).toBeCloseTo(50, 10);
  });

  it('is NaN for no tokens', () => {
    expect(perplexity(0, 0)).toBeNaN();
  });

  it('refuses a negative likelihood sum', () => {
    expect(() => perplexity(-1, 3)).toThrow('perplexity: totalNll must be finite and ≥ 0, got -1.');
  });
});
