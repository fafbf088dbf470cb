/** Tests of z-score and min–max scaling fitted on the training part. */
import { describe, expect, it } from 'vitest';
import { applyScaler, fitScaler, invertScaler } from './scaler.ts';

describe('scaler', () => {
  // [steps 4, features 2]; the last row is "future" data the scaler must not see.
  const values = new Float32Array([1, 10, 2, 10, 3, 10, 100, 50]);

  it('fits z-score on the training rows only, with scale 1 for a constant feature', () => {
    const s = fitScaler(values, { kind: 'zscore', features: 2, fitSteps: 3 });
    expect(s.offset).toEqual([2, 10]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(s.scale[1]).toBe(1);
  });

  it('fits min–max, applies, inverts and survives JSON', () => {
    const s = JSON.parse(
      JSON.stringify(fitScaler(values, { kind: 'minmax', features: 2, fitSteps: 3 })),
    );
    const scaled = applyScaler(s, values);
    expect([...scaled.subarray(0, 6)]).toEqual([0, 0, 0.5, 0, 1, 0]);
    expect(scaled[6]).toBe(49.5);
    expect([...invertScaler(s, new Float32Array([0, 0.5, 1]), 0)]).toEqual([1, 2, 3]);
  });

  it('rejects a fit length beyond the data', () => {
    expect(() => fitScaler(values, { kind: 'zscore', features: 2, fitSteps: 5 })).toThrow(
      'fitScaler: fitSteps must be in [1, 4], got 5.',
    );
  });
});
