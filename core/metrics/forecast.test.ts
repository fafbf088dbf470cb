/** Tests for the forecast metrics: hand-computed MAE/RMSE/MAPE, zero actuals, the naive forecast and errors. */
import { describe, expect, it } from 'vitest';
import { forecastErrors, forecastReport, naiveForecast } from './forecast.ts';

describe('forecastErrors', () => {
  it('computes MAE, RMSE and MAPE by hand', () => {
    const r = forecastErrors([2, 4, 9], [1, 5, 10]);
    expect(r.mae).toBeCloseTo(1, 12);
    expect(r.rmse).toBeCloseTo(1, 12);
    expect(r.mape).toBeCloseTo((100 * (1 + 0.2 + 0.1)) / 3, 12);
    expect([r.count, r.mapeSkipped]).toEqual([3, 0]);
  });

  it('skips zero actuals in MAPE and counts them', () => {
    const r = forecastErrors([1, 3], [0, 2]);
    expect(r.mape).toBeCloseTo(50, 12);
    expect(r.mapeSkipped).toBe(1);
    expect(r.mae).toBeCloseTo(1, 12);
  });

  it('gives NaN MAPE when every actual is zero', () => {
    expect(forecastErrors([1], [0]).mape).toBeNaN();
  });

  it('rejects different lengths', () => {
    expect(() => forecastErrors([1, 2], [1])).toThrow(
      'forecastErrors: predicted must have 1 values like actual, got 2.',
    );
  });
});

describe('naive last-value forecast', () => {
  it('repeats each window’s last value over the horizon', () => {
    expect([...naiveForecast([3, 7], 2)]).toEqual([3, 3, 7, 7]);
  });

  it('reports the model next to the naive forecast on the same targets', () => {
    const r = forecastReport([2, 3, 5, 6], [2, 4, 6, 6], [1, 5]);
    expect(r.mae).toBeCloseTo(0.5, 12);
    // naive: [1, 1, 5, 5] vs [2, 4, 6, 6] → |1|+|3|+|1|+|1| = 6 / 4.
    expect(r.naiveMae).toBeCloseTo(1.5, 12);
    expect(r.naiveRmse).toBeCloseTo(Math.sqrt(12 / 4), 12);
  });

  it('rejects actuals that are not a multiple of the windows', () => {
    expect(() => forecastReport([1, 2, 3], [1, 2, 3], [1, 2])).toThrow(
      'forecastReport: actual.length must be a positive multiple of lastValues.length 2, got 3.',
    );
  });
});
