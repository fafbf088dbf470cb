/** Tests of random, stratified and chronological splits. */
import { describe, expect, it } from 'vitest';
import { chronologicalSizes, chronologicalSplit, randomSplit, stratifiedSplit } from './splits.ts';

describe('splits', () => {
  it('gives the same random split for the same seed and a different one for another seed', () => {
    const a = randomSplit(100, { seed: 3, valFraction: 0.1, testFraction: 0.1 });
    expect([a.train.length, a.val.length, a.test.length]).toEqual([80, 10, 10]);
    expect(randomSplit(100, { seed: 3, valFraction: 0.1, testFraction: 0.1 })).toEqual(a);
    expect(randomSplit(100, { seed: 4, valFraction: 0.1, testFraction: 0.1 })).not.toEqual(a);
    expect([...a.train, ...a.val, ...a.test].sort((x, y) => x - y)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
  });

  it('keeps class proportions in every part when stratified', () => {
    const labels = Array.from({ length: 200 }, (_, i) => (i < 150 ? 'neg' : 'pos'));
    const s = stratifiedSplit(labels, { seed: 0, valFraction: 0.2, testFraction: 0.2 });
    const share = (idx: number[]): number =>
      idx.filter((i) => labels[i] === 'pos').length / idx.length;
    expect(share(s.val)).toBe(0.25);
    expect(share(s.test)).toBe(0.25);
    expect(share(s.train)).toBe(0.25);
  });

  it('keeps time order in a chronological split', () => {
    expect(chronologicalSplit(10, { valFraction: 0.2, testFraction: 0.1 })).toEqual({
      train: [0, 1, 2, 3, 4, 5, 6],
      val: [7, 8],
      test: [9],
    });
    expect(() => chronologicalSplit(10, { valFraction: 0.6, testFraction: 0.4 })).toThrow(
      'split: valFraction + testFraction must be below 1, got 1.',
    );
  });

  it("gives a chronological split's sizes without its index lists", () => {
    for (const n of [1, 7, 10, 333, 1001]) {
      for (const [valFraction, testFraction] of [
        [0.2, 0.1],
        [0.15, 0.15],
        [0, 0.25],
      ] as const) {
        const s = chronologicalSplit(n, { valFraction, testFraction });
        expect(chronologicalSizes(n, { valFraction, testFraction })).toEqual({
          train: s.train.length,
          val: s.val.length,
          test: s.test.length,
        });
      }
    }
    expect(() => chronologicalSizes(10, { valFraction: 0.6, testFraction: 0.4 })).toThrow(
      'split: valFraction + testFraction must be below 1, got 1.',
    );
  });

  it('splits 1,000,000 labels of one class without overflowing the stack', () => {
    const labels = new Array<string>(1_000_000).fill('pos');
    const s = stratifiedSplit(labels, { seed: 1, valFraction: 0.1, testFraction: 0.1 });
    expect([s.train.length, s.val.length, s.test.length]).toEqual([800_000, 100_000, 100_000]);
    const seen = new Uint8Array(labels.length);
    for (const part of [s.train, s.val, s.test])
      for (const i of part) seen[i] = (seen[i] as number) + 1;
    expect(seen.every((n) => n === 1)).toBe(true);
  });
});
