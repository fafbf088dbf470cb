/** Tests of the chart tick choice. */
import { describe, expect, it } from 'vitest';
import { niceTicks } from './chartTicks.ts';

describe('niceTicks', () => {
  it('picks round steps of 1, 2 or 5 times a power of ten inside the range', () => {
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0.3, 2.4, 4)).toEqual([1, 2]);
    expect(niceTicks(0, 1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
  });

  it('keeps an axis that counts (steps, epochs) to whole numbers: one epoch gives no 1.5', () => {
    expect(niceTicks(1, 2, 4, true)).toEqual([1, 2]);
    expect(niceTicks(0.3, 2.4, 8, true)).toEqual([1, 2]);
    expect(niceTicks(0, 1000, 5, true)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(1, 2, 4)).toEqual([1, 1.5, 2]);
  });

  it('returns the single value of an empty range', () => {
    expect(niceTicks(3, 3, 4)).toEqual([3]);
  });
});
