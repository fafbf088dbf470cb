/** Tests of series building: date order, missing values, gaps. */
import { describe, expect, it } from 'vitest';
import { readTable } from './table.ts';
import { buildSeries } from './timeSeries.ts';

const csv = (text: string) => readTable(new TextEncoder().encode(text), { fileName: 's.csv' });

describe('buildSeries', () => {
  const text = [
    'date,close,open',
    '2020-01-06,6,60',
    '2020-01-02,2,20',
    '2020-01-03,,30',
    '2020-01-07,7,null',
    '2020-01-08,8,80',
    '2020-01-13,13,130',
  ].join('\n');

  it('sorts by date, forward-fills missing values and reports it', async () => {
    const { table, inspection } = await csv(text);
    const s = buildSeries(table, inspection.roles, { missing: 'ffill' });
    expect(s.columns).toEqual(['close', 'open']);
    expect([...s.values]).toEqual([2, 20, 2, 30, 6, 60, 7, 60, 8, 80, 13, 130]);
    expect(s.report).toMatchObject({
      sorted: true,
      missing: { close: 1, open: 1 },
      filledCells: 2,
      droppedRows: 0,
    });
  });

  it('drops rows with missing values when asked', async () => {
    const { table, inspection } = await csv(text);
    const s = buildSeries(table, inspection.roles, { missing: 'drop' });
    expect(s.steps).toBe(4);
    expect(s.report.droppedRows).toBe(2);
  });

  it('counts gaps in business-day data without counting weekends', async () => {
    const { table, inspection } = await csv(text);
    const s = buildSeries(table, inspection.roles, { missing: 'ffill' });
    // 01-03 (Fri) → 01-06 (Mon) is a weekend; 01-08 (Wed) → 01-13 (Mon) is a gap.
    expect(s.report.stepMs).toBe(86_400_000);
    expect(s.report.gaps).toBe(1);
    expect(s.report.largestGap).toEqual({
      fromMs: Date.UTC(2020, 0, 8),
      toMs: Date.UTC(2020, 0, 13),
    });
  });

  it('assembles dates from year, month and day columns', async () => {
    const { table, inspection } = await csv(
      'year,month,day,births\n2000,1,2,5\n2000,1,1,4\n2000,1,3,6\n2000,1,4,5\n',
    );
    const s = buildSeries(table, inspection.roles, { missing: 'ffill' });
    expect([...s.values]).toEqual([4, 5, 6, 5]);
    expect(s.times?.[0]).toBe(Date.UTC(2000, 0, 1));
  });
});
