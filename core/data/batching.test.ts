/** Tests of padding, label encoding and batch order. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { batchIndices, encodeLabels, fitLabels, padSequences } from './batching.ts';

describe('batching', () => {
  it('pads with 0, returns lengths and a mask, and truncates either end', () => {
    const b = padSequences([[5, 6, 7], [8]]);
    expect(b.shape).toEqual([2, 3]);
    expect([...b.ids]).toEqual([5, 6, 7, 8, 0, 0]);
    expect([...b.lengths]).toEqual([3, 1]);
    expect([...b.mask]).toEqual([1, 1, 1, 1, 0, 0]);
    expect([...padSequences([[1, 2, 3]], { maxLen: 2, truncate: 'start' }).ids]).toEqual([2, 3]);
    expect([...padSequences([[1, 2, 3]], { maxLen: 2 }).ids]).toEqual([1, 2]);
  });

  it('encodes labels in numeric order when they are numbers and refuses unseen ones', () => {
    const where = { fileName: 'x.csv', column: 'label' };
    const enc = fitLabels(['10', '2', '2 ', '1'], where);
    expect(enc.classes).toEqual(['1', '2', '10']);
    expect([...encodeLabels(enc, ['2', '10'], where)]).toEqual([1, 2]);
    expect(() => encodeLabels(enc, ['7'], where)).toThrow(
      "'x.csv', column 'label': the label '7' must be one of the trained classes ('1', '2', '10'). Remove the row or retrain with this class.",
    );
  });

  it('cuts shuffled batch indices reproducibly from a seed', () => {
    const a = batchIndices(10, 4, new Random(1));
    expect(a.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(a).toEqual(batchIndices(10, 4, new Random(1)));
    expect(a.flat().sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
