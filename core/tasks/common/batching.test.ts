/** Tests of length-bucketed batch order and time-major id layout. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import {
  bucketBatches,
  bucketedBatches,
  byLength,
  chunks,
  IGNORE_INDEX,
  longest,
  pick,
  timeMajor,
  timeMajorTargets,
  withProgress,
} from './batching.ts';

describe('bucketBatches', () => {
  const lengths = Array.from({ length: 103 }, (_, i) => (i * 37) % 50);

  it('covers every example exactly once', () => {
    const batches = bucketBatches(lengths, 8, new Random(1));
    expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    expect(batches.filter((b) => b.length < 8)).toHaveLength(1);
  });

  it('groups similar lengths into a batch', () => {
    const batches = bucketBatches(lengths, 8, new Random(1));
    for (const b of batches) {
      const ls = b.map((i) => lengths[i] as number);
      expect(Math.max(...ls) - Math.min(...ls)).toBeLessThan(10);
    }
  });

  it('gives the same batches for the same random state and others for another', () => {
    expect(bucketBatches(lengths, 8, new Random(5))).toEqual(
      bucketBatches(lengths, 8, new Random(5)),
    );
    expect(bucketBatches(lengths, 8, new Random(5))).not.toEqual(
      bucketBatches(lengths, 8, new Random(6)),
    );
  });
});

describe('byLength', () => {
  const stableSort = (part: number[], lengths: readonly number[]) =>
    [...part].sort((a, b) => (lengths[a] as number) - (lengths[b] as number));

  it('orders as a stable comparison sort: equal lengths keep their order', () => {
    const random = new Random(3);
    for (const [n, most] of [
      [1, 1],
      [50, 3],
      [3200, 128],
      [3200, 5000],
    ] as const) {
      const lengths = Array.from({ length: n }, () => 7 + random.int(most));
      const part = random.shuffle(Array.from({ length: n }, (_, i) => i));
      expect(byLength([...part], lengths)).toEqual(stableSort(part, lengths));
    }
  });

  it('sorts lengths far apart or not whole numbers as the comparison sort does', () => {
    const lengths = [3, 1e9, 0, 2.5, 3, 1];
    const part = [5, 4, 3, 2, 1, 0];
    expect(byLength([...part], lengths)).toEqual(stableSort(part, lengths));
    expect(byLength([1, 0, 2], [4, 1e9, 4])).toEqual([0, 2, 1]);
    expect(byLength([], [])).toEqual([]);
  });
});

describe('timeMajor', () => {
  it('lays sequences out [L, N] with padding', () => {
    const b = timeMajor([[5, 6, 7], [8]]);
    expect(Array.from(b.ids)).toEqual([5, 8, 6, 0, 7, 0]);
    expect(Array.from(b.lengths)).toEqual([3, 1]);
    expect([b.steps, b.batch]).toEqual([3, 2]);
  });

  it('refuses an empty sequence', () => {
    expect(() => timeMajor([[1], []])).toThrow(
      'timeMajor: every sequence must have at least 1 token, got 0.',
    );
  });

  it('cuts evaluation chunks in order', () => {
    expect(chunks(5, 2)).toEqual([[0, 1], [2, 3], [4]]);
  });
});

describe('bucketedBatches', () => {
  it('makes the same batches bucketBatches orders, from the same random state', () => {
    const lengths = [5, 1, 4, 2, 3, 9, 7];
    const expected = bucketBatches(lengths, 3, new Random(2)).map((idx) => pick(lengths, idx));
    expect([...bucketedBatches(lengths, 3, new Random(2), (idx) => pick(lengths, idx))]).toEqual(
      expected,
    );
  });

  it('takes the longest length, at least 1', () => {
    expect(longest([3, 8, 2])).toBe(8);
    expect(longest([])).toBe(1);
  });
});

describe('timeMajorTargets', () => {
  it('lays targets out like the ids, ignored past each length, and counts the others', () => {
    const input = timeMajor([[5, 6, 7], [8]]);
    const { targets, tokens } = timeMajorTargets(
      [
        [1, IGNORE_INDEX, 3, 9],
        [4, 9],
      ],
      input,
    );
    expect(Array.from(targets)).toEqual([1, 4, IGNORE_INDEX, IGNORE_INDEX, 3, IGNORE_INDEX]);
    expect(tokens).toBe(3);
  });
});

describe('withProgress', () => {
  it('tells the examples done after each batch is processed, ending at the total', () => {
    const seen: string[] = [];
    for (const batch of withProgress(chunks(10, 4), (done, total) =>
      seen.push(`${done}/${total}`),
    )) {
      seen.push(`batch of ${batch.length}`);
    }
    expect(seen).toEqual(['batch of 4', '4/10', 'batch of 4', '8/10', 'batch of 2', '10/10']);
  });
});
