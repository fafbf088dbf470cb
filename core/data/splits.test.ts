/** Tests of random, stratified and chronological splits. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import {
  chronologicalSizes,
  chronologicalSplit,
  randomSplit,
  stratifiedSplit,
  stratifiedSplitOfCodes,
} from './splits.ts';

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

  it('gives a stratified split the rows each class shuffled and cut in turn, then each part shuffled, as the exported data.py does', () => {
    // NOTE: the definition, spelt out with lists (data.py's stratified_split does the same), so a
    // saved spec's seed gives every version the same split.
    function reference(
      labels: readonly (string | number)[],
      o: { seed: number; valFraction: number; testFraction: number },
    ) {
      const random = new Random(o.seed);
      const byClass = new Map<string | number, number[]>();
      for (const [i, l] of labels.entries()) byClass.set(l, [...(byClass.get(l) ?? []), i]);
      const out: Record<'train' | 'val' | 'test', number[]> = { train: [], val: [], test: [] };
      for (const label of [...byClass.keys()].sort((a, b) =>
        String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
      )) {
        const rows = random.shuffle(byClass.get(label) as number[]);
        const nTest = Math.round(rows.length * o.testFraction);
        const nVal = Math.round(rows.length * o.valFraction);
        const nTrain = rows.length - nVal - nTest;
        out.train = out.train.concat(rows.slice(0, nTrain));
        out.val = out.val.concat(rows.slice(nTrain, nTrain + nVal));
        out.test = out.test.concat(rows.slice(nTrain + nVal));
      }
      for (const part of [out.train, out.val, out.test]) random.shuffle(part);
      return out;
    }
    const random = new Random(5);
    const cases: (string | number)[][] = [
      Array.from(
        { length: 3001 },
        () => ['pos', 'neg', 'neutral', '10', '9'][random.int(5)] as string,
      ),
      Array.from({ length: 997 }, () => random.int(4)),
      Array.from({ length: 7 }, (_, i) => (i === 3 ? 'rare' : 'common')),
    ];
    for (const labels of cases) {
      for (const o of [
        { seed: 1, valFraction: 0.1, testFraction: 0.1 },
        { seed: 42, valFraction: 0.15, testFraction: 0 },
      ])
        expect(stratifiedSplit(labels, o)).toEqual(reference(labels, o));
    }
    // The same labels as codes (names in another order, one name without rows): the same split.
    const labels = cases[0] as string[];
    const names = ['unused', '9', 'neutral', 'pos', '10', 'neg'];
    const codes = Int32Array.from(labels, (l) => names.indexOf(l));
    const o = { seed: 3, valFraction: 0.2, testFraction: 0.1 };
    expect(stratifiedSplitOfCodes({ names, codes }, o)).toEqual(reference(labels, o));
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
