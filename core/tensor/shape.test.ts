/** Tests of the shape helpers: dims, broadcasting rules and the [outer, size, inner] split. */
import { describe, expect, it } from 'vitest';
import { broadcastShapes, normalizeDim, splitAt, stridesOf } from './shape.ts';

describe('shape helpers', () => {
  it('normalizeDim maps negative dims from the end and rejects out-of-range ones', () => {
    expect(normalizeDim('f', -1, 3)).toBe(2);
    expect(normalizeDim('f', 0, 0)).toBe(0);
    expect(() => normalizeDim('f', -4, 3)).toThrowError('f: dim must be in [-3, 2], got -4.');
    expect(() => normalizeDim('f', 1.5, 3)).toThrowError('f: dim must be in [-3, 2], got 1.5.');
  });

  it('broadcastShapes follows NumPy and names both shapes when it cannot', () => {
    expect(broadcastShapes('f', [2, 1, 4], [3, 1])).toEqual([2, 3, 4]);
    expect(broadcastShapes('f', [], [5])).toEqual([5]);
    expect(broadcastShapes('f', [0, 1], [1, 3])).toEqual([0, 3]);
    expect(() => broadcastShapes('f', [2, 3], [3, 2])).toThrowError(
      'f: shapes must be broadcastable, got [2, 3] and [3, 2].',
    );
  });

  it('splitAt and stridesOf describe the row-major layout', () => {
    expect(splitAt([2, 3, 4, 5], 1)).toEqual([2, 3, 20]);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
  });
});
