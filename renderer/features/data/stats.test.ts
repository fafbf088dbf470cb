/** Tests of the Data section's statistics: class counts, length histograms and series reduction. */
import { describe, expect, it } from 'vitest';
import { readLabelledTexts } from '../../../core/tasks/classify/data.ts';
import { classBalance, lengthHistogram, seriesPoints, tokenLengths } from './stats.ts';

describe('classBalance', () => {
  it('counts trimmed labels, most frequent first, keeps NA as a class and skips blanks', () => {
    expect(classBalance(['pos', 'neg ', 'pos', '', 'NA', 'neg', 'pos'])).toEqual([
      { label: 'pos', count: 3 },
      { label: 'neg', count: 2 },
      { label: 'NA', count: 1 },
    ]);
  });

  it('finds the classes the classify trainer builds, none and - included', async () => {
    const rows = ['a one\tnone', 'b two\t-', 'c three\tspam', 'd four\t ', 'e five\tnull'];
    const bytes = new TextEncoder().encode(`text\tlabel\n${rows.join('\n')}\n`);
    const read = await readLabelledTexts(bytes, {
      fileName: 'l.tsv',
      reading: undefined,
      textColumn: 'text',
      labelColumn: 'label',
      choose: (_f, given) => given as string,
    });
    const shown = classBalance(rows.map((r) => r.split('\t')[1] as string));
    expect(shown.map((c) => c.label).sort()).toEqual([...new Set(read.labels)].sort());
    expect(shown.reduce((n, c) => n + c.count, 0)).toBe(read.labels.length);
  });
});

describe('lengthHistogram', () => {
  it('bins lengths and reports median and 95th percentile', () => {
    const h = lengthHistogram([1, 2, 2, 3, 10], 5);
    expect(h.bins.map((b) => [b.from, b.count])).toEqual([
      [0, 3],
      [3, 1],
      [6, 0],
      [9, 1],
    ]);
    expect(h).toMatchObject({ max: 10, median: 2, p95: 10, measured: 5 });
  });

  it('measures characters or words as the tokenizer says', () => {
    expect(tokenLengths(['아주 좋다', 'ok'], 'char')).toEqual([5, 2]);
    expect(tokenLengths(['아주 좋다', 'ok'], 'word')).toEqual([2, 1]);
  });
});

describe('seriesPoints', () => {
  it('reads dates that fit both orders in the order given, the trainer’s', () => {
    const dates = ['01/02/2023', '02/02/2023'];
    expect(seriesPoints(['1', '2'], dates, { order: 'dmy' }).map((p) => p.x)).toEqual([
      Date.UTC(2023, 1, 1),
      Date.UTC(2023, 1, 2),
    ]);
    expect(seriesPoints(['1', '2'], dates).map((p) => p.x)).toEqual([
      Date.UTC(2023, 0, 2),
      Date.UTC(2023, 1, 2),
    ]);
  });

  it('uses dates for x and leaves gaps for missing values', () => {
    const points = seriesPoints(['1.5', '', '3'], ['2020-01-01', '2020-01-02', '2020-01-03']);
    expect(points.map((p) => p.y)).toEqual([1.5, null, 3]);
    expect(points[0]?.x).toBe(Date.UTC(2020, 0, 1));
  });

  it('keeps each bucket minimum and maximum when reducing a long series', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => String(i === 5000 ? 1e6 : i % 7));
    const points = seriesPoints(values, null, { maxPoints: 200 });
    expect(points.length).toBeLessThanOrEqual(200);
    expect(Math.max(...points.map((p) => p.y as number))).toBe(1e6);
  });
});
