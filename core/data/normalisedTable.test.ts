/** normaliseTable writes what the app reads: ISO-8601 dates in the decided order (offsets as instants, Excel serial days), plain numbers, missing codes empty, other columns untouched. */
import { describe, expect, it } from 'vitest';
import { normaliseTable } from './normalisedTable.ts';
import type { ReadOptions } from './readOptions.ts';
import { readTable } from './table.ts';

async function normalised(text: string, reading: ReadOptions = {}): Promise<string[][]> {
  const bytes = new TextEncoder().encode(text);
  const { table, inspection } = await readTable(bytes, { fileName: 't.csv', reading });
  return [table.columns, ...normaliseTable(table, inspection).rows];
}

describe('normaliseTable', () => {
  it('writes day-first dates, decimal commas and a sentinel as the app reads them', async () => {
    const text = 'Date;Time;CO;site\n31/01/2004;18.00.00;2,6;A\n01/02/2004;19.00.00;-200;B\n';
    expect(await normalised(text, { missingCodes: ['-200'] })).toEqual([
      ['Date', 'Time', 'CO', 'site'],
      ['2004-01-31', '18.00.00', '2.6', 'A'],
      ['2004-02-01', '19.00.00', '', 'B'],
    ]);
  });

  it('keeps an offset as the instant it names and writes times of day in UTC', async () => {
    const text =
      'when,v\n2020-01-31T09:30:00+09:00,1\n2020-01-31T10:30:00+09:00,2\n2020-01-31T11:30:00+09:00,3\n';
    expect((await normalised(text)).map((r) => r[0])).toEqual([
      'when',
      '2020-01-31T00:30:00Z',
      '2020-01-31T01:30:00Z',
      '2020-01-31T02:30:00Z',
    ]);
  });

  it('reads Excel serial days in a date column, and leaves them as numbers when told', async () => {
    const text = 'Date,Sales\n43831,1\n43832,2\n43833.5,3\n';
    expect((await normalised(text)).map((r) => r[0])).toEqual([
      'Date',
      '2020-01-01T00:00:00Z',
      '2020-01-02T00:00:00Z',
      '2020-01-03T12:00:00Z',
    ]);
    expect((await normalised(text, { serialDates: 'none' })).map((r) => r[0])).toEqual([
      'Date',
      '43831',
      '43832',
      '43833.5',
    ]);
  });

  it('reads ambiguous dates in the order the user fixed; a cell that is no date becomes empty', async () => {
    // 24 dates that read both ways (day ≤ 12) and one that is no date (4%: still a date column).
    const days = [4, 5].flatMap((m) => Array.from({ length: 12 }, (_, d) => `${d + 1}/0${m}/2020`));
    const text = `d,v\n${[...days.slice(0, 2), 'soon', ...days.slice(2)].map((d, i) => `${d},${i}`).join('\n')}\n`;
    const dmy = (await normalised(text, { dateOrder: 'dmy' })).map((r) => r[0]);
    expect(dmy.slice(0, 5)).toEqual(['d', '2020-04-01', '2020-04-02', '', '2020-04-03']);
    expect(dmy.at(-1)).toBe('2020-05-12');
    const mdy = (await normalised(text, { dateOrder: 'mdy' })).map((r) => r[0]);
    expect(mdy.slice(0, 3)).toEqual(['d', '2020-01-04', '2020-02-04']);
  });
});
