/** Linear's TypeScript backward: column sums in float64 and the two gradient products. */
import { describe, expect, it } from 'vitest';
import { columnSumsJs, linearBackwardJs } from './linear.ts';

describe('linearBackwardJs', () => {
  it('sums columns in float64, so small terms after a large one are not lost', () => {
    const a = Float32Array.of(1e8, 1, 1, 2, 1, 3, -1e8, 4);
    expect([...columnSumsJs(a, 4, 2)]).toEqual([2, 10]);
  });

  it('gives dx = g·W, dW = gᵀ·x and db = Σ_rows g for a 2-row, 2 → 3 layer', () => {
    const g = Float32Array.of(1, 2, 3, 4, 5, 6); // [2, 3]
    const x = Float32Array.of(1, -1, 2, 0.5); // [2, 2]
    const weight = Float32Array.of(1, 0, 0, 1, 1, 1); // [3, 2]
    const grads = linearBackwardJs({
      rows: 2,
      inF: 2,
      outF: 3,
      g,
      x,
      weight,
      needDx: true,
      needDb: true,
    });
    expect([...(grads.dx as Float32Array)]).toEqual([4, 5, 10, 11]);
    expect([...grads.dw]).toEqual([9, 1, 12, 0.5, 15, 0]);
    expect([...(grads.db as Float32Array)]).toEqual([5, 7, 9]);
  });

  it('returns null for the gradients it was not asked for', () => {
    const grads = linearBackwardJs({
      rows: 1,
      inF: 1,
      outF: 1,
      g: Float32Array.of(2),
      x: Float32Array.of(3),
      weight: Float32Array.of(4),
      needDx: false,
      needDb: false,
    });
    expect(grads.dx).toBeNull();
    expect(grads.db).toBeNull();
    expect([...grads.dw]).toEqual([6]);
  });
});
