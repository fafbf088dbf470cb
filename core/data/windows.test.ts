/** Tests of sliding windows as views over a series and of gathering them into batches. */
import { describe, expect, it } from 'vitest';
import { gatherWindows, windowLast, windowStart, windowTarget, windowView } from './windows.ts';

describe('windowView', () => {
  // 6 steps × 2 features: target (feature 0) is 0..5, feature 1 is 10× it.
  const values = Float32Array.from({ length: 12 }, (_, i) =>
    i % 2 === 0 ? i / 2 : (10 * (i - 1)) / 2,
  );

  it('gathers [n, window, features] inputs and [n, horizon] targets with a stride', () => {
    const w = windowView(values, { features: 2, window: 2, horizon: 2, stride: 1, target: 0 });
    expect(w.count).toBe(3);
    const b = gatherWindows(w, [0, 2]);
    expect([...b.x]).toEqual([0, 0, 1, 10, 2, 20, 3, 30]);
    expect([...b.y]).toEqual([2, 3, 4, 5]);
    expect(
      windowView(values, { features: 2, window: 2, horizon: 1, stride: 2, target: 0 }).count,
    ).toBe(2);
  });

  it('stays inside [from, to) so parts of a chronological split do not overlap', () => {
    const w = windowView(values, {
      features: 2,
      window: 2,
      horizon: 1,
      stride: 1,
      target: 1,
      from: 2,
      to: 6,
    });
    expect([windowStart(w, 0), windowStart(w, 1)]).toEqual([2, 3]);
    expect([windowTarget(w, 0, 0), windowTarget(w, 1, 0)]).toEqual([40, 50]);
    expect(windowLast(w, 0)).toBe(30);
    expect(
      windowView(values, { features: 2, window: 5, horizon: 2, stride: 1, target: 0 }).count,
    ).toBe(0);
  });

  it('is a view: it holds the series itself and no per-window array', () => {
    const w = windowView(values, { features: 2, window: 2, horizon: 1, stride: 1, target: 0 });
    expect(w.values).toBe(values);
    const arrays = Object.values(w).filter((v) => ArrayBuffer.isView(v));
    expect(arrays).toEqual([values]);
  });

  it('scales inputs per feature and targets with the target feature while gathering', () => {
    const w = windowView(values, { features: 2, window: 1, horizon: 1, stride: 1, target: 0 });
    const b = gatherWindows(w, [1], { offset: [1, 10], scale: [2, 5] });
    expect([...b.x]).toEqual([0, 0]);
    expect([...b.y]).toEqual([0.5]);
  });

  it('rejects a zero horizon and an index outside the view', () => {
    expect(() =>
      windowView(values, { features: 2, window: 2, horizon: 0, stride: 1, target: 0 }),
    ).toThrow('windowView: horizon must be an integer ≥ 1, got 0.');
    const w = windowView(values, { features: 2, window: 2, horizon: 2, stride: 1, target: 0 });
    expect(() => gatherWindows(w, [3])).toThrow('gatherWindows: index must be in [0, 3), got 3.');
  });
});
