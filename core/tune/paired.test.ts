/** The final comparison's rule: a challenger ahead on validation by less than the per-example noise is not kept; one clearly ahead is. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { GAIN_THRESHOLD, pairedComparison } from './paired.ts';

const ones = (n: number) => new Float64Array(n).fill(1);

/** Absolute errors of `n` windows (spread like a price range's, mean ~250) from a seeded generator. */
function errors(n: number, seed: number): Float64Array {
  const random = new Random(seed);
  return Float64Array.from({ length: n }, () => 250 * -Math.log(1 - random.next()));
}

describe('pairedComparison', () => {
  it('does not keep a challenger whose lower MAE is within the noise of 120 windows (samsung-stock)', () => {
    const base = errors(120, 1);
    const noise = new Random(2);
    // The challenger is 11 won better on average, but window by window it differs by up to
    // ±150 (in pairs of opposite signs, so the mean gain is exactly 11).
    let u = 0;
    const challenger = base.map((e, i) => {
      if (i % 2 === 0) u = 150 * noise.next();
      return e - 11 + (i % 2 === 0 ? u : -u);
    });
    const r = pairedComparison(
      { values: base, weights: ones(120) },
      { values: challenger, weights: ones(120) },
      { higherIsBetter: false },
    );
    expect(r.gain).toBeCloseTo(11, 9);
    expect(r.gain).toBeLessThan(GAIN_THRESHOLD * r.standardError);
    expect(r.better).toBe(false);
    expect(r.examples).toBe(120);
  });

  it('keeps a challenger better on nearly every window, and never one that is worse', () => {
    const base = errors(120, 1);
    const noise = new Random(3);
    const better = base.map((e) => e * 0.9 + noise.next());
    const higher = { values: base, weights: ones(120) };
    const lower = { values: better, weights: ones(120) };
    const r = pairedComparison(higher, lower, { higherIsBetter: false });
    expect(r.better).toBe(true);
    expect(r.gain).toBeCloseTo(base.reduce((s, e, i) => s + e - (better[i] as number), 0) / 120, 9);
    // The same two the other way round, and with the metric's direction flipped.
    expect(pairedComparison(lower, higher, { higherIsBetter: false }).better).toBe(false);
    expect(pairedComparison(higher, lower, { higherIsBetter: true }).better).toBe(false);
  });

  it('computes the gain and its standard error as a ratio over weighted examples (token accuracy)', () => {
    // Sentences of 1, 3 and 4 tokens: right tokens of each model.
    const weights = Float64Array.from([1, 3, 4, 2, 2, 2, 2, 2, 2, 2]);
    const base = Float64Array.from([0, 2, 3, 1, 1, 1, 1, 1, 1, 1]);
    const challenger = Float64Array.from([1, 3, 4, 2, 2, 2, 2, 2, 2, 2]);
    const r = pairedComparison(
      { values: base, weights },
      { values: challenger, weights },
      { higherIsBetter: true },
    );
    // 22 tokens: the challenger tags 10 more right.
    expect(r.gain).toBeCloseTo(10 / 22, 12);
    const d = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const sq = d.reduce((s, di, i) => s + (di - (10 / 22) * (weights[i] as number)) ** 2, 0);
    expect(r.standardError).toBeCloseTo(Math.sqrt((10 / 9) * sq) / 22, 12);
  });

  it('keeps nothing on fewer than 10 examples, and refuses scores of different examples', () => {
    const few = { values: Float64Array.from([5, 5, 5]), weights: ones(3) };
    const better = { values: Float64Array.from([1, 1, 1]), weights: ones(3) };
    expect(pairedComparison(few, better, { higherIsBetter: false }).better).toBe(false);
    expect(() =>
      pairedComparison(
        few,
        { values: new Float64Array(4), weights: ones(4) },
        {
          higherIsBetter: false,
        },
      ),
    ).toThrow('pairedComparison: both must score the same 3 examples, got 4 values');
    expect(() =>
      pairedComparison(
        few,
        { values: new Float64Array(3), weights: new Float64Array(3) },
        {
          higherIsBetter: false,
        },
      ),
    ).toThrow('pairedComparison: example 0 must weigh the same for both, got 1 and 0.');
  });
});
