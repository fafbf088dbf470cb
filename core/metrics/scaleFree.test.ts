/** Tests of the scale-free forecast error choice: MAPE only for actuals away from zero, MASE otherwise, by hand. */
import { describe, expect, it } from 'vitest';
import { awayFromZero, scaleFreeErrors } from './scaleFree.ts';

describe('awayFromZero', () => {
  it('holds for positive values none of which is near zero', () => {
    expect(awayFromZero([100, 120, 90, 80])).toBe(true);
    expect(awayFromZero([-5, -6, -4])).toBe(true);
  });

  it('fails for a series that crosses zero, touches it, or comes near it', () => {
    expect(awayFromZero([3, -1, 4])).toBe(false);
    expect(awayFromZero([3, 0, 4])).toBe(false);
    // Mean magnitude 25.25; 1 is below a tenth of it.
    expect(awayFromZero([1, 30, 30, 40])).toBe(false);
    expect(awayFromZero([])).toBe(false);
  });
});

describe('scaleFreeErrors', () => {
  it('reports MAPE in percent for actuals away from zero', () => {
    const m = scaleFreeErrors({ model: [110, 90], naive: [100, 100] }, [100, 100], 5);
    expect(m).toEqual({ mape: 10, naiveMape: 0 });
  });

  it('reports MASE (MAE over the training naive MAE) for a series crossing zero', () => {
    const m = scaleFreeErrors({ model: [1, -1], naive: [3, 3] }, [2, -2], 2);
    // Model MAE 1, naive MAE (1 + 5) / 2 = 3, both over the scale 2.
    expect(m).toEqual({ mase: 0.5, naiveMase: 1.5 });
  });

  it('gives NaN MASE when the training naive forecast made no error', () => {
    const m = scaleFreeErrors({ model: [1], naive: [0] }, [0], 0);
    expect(m.mase).toBeNaN();
  });
});
