/** Tests of sliding windows. */
import { describe, expect, it } from 'vitest';
import { makeWindows } from './windows.ts';

describe('makeWindows', () => {
  // 6 steps × 2 features: target (feature 0) is 0..5, feature 1 is 10× it.
  const values = Float32Array.from({ length: 12 }, (_, i) =>
    i % 2 === 0 ? i / 2 : (10 * (i - 1)) / 2,
  );

  it('cuts [count, window, features] inputs and [count, horizon] targets with a stride', () => {
    const w = makeWindows(values, { features: 2, window: 2, horizon: 2, stride: 1, target: 0 });
    expect(w.count).toBe(3);
    expect([...w.x.subarray(0, 4)]).toEqual([0, 0, 1, 10]);
    expect([...w.y]).toEqual([2, 3, 3, 4, 4, 5]);
    expect(
      makeWindows(values, { features: 2, window: 2, horizon: 1, stride: 2, target: 0 }).count,
    ).toBe(2);
  });

  it('stays inside [from, to) so parts of a chronological split do not overlap', () => {
    const w = makeWindows(values, {
      features: 2,
      window: 2,
      horizon: 1,
      stride: 1,
      target: 1,
      from: 2,
      to: 6,
    });
    expect([...w.starts]).toEqual([2, 3]);
    expect([...w.y]).toEqual([40, 50]);
    expect(
      makeWindows(values, { features: 2, window: 5, horizon: 2, stride: 1, target: 0 }).count,
    ).toBe(0);
  });

  it('rejects a zero horizon', () => {
    expect(() =>
      makeWindows(values, { features: 2, window: 2, horizon: 0, stride: 1, target: 0 }),
    ).toThrow('makeWindows: horizon must be an integer ≥ 1, got 0.');
  });
});
