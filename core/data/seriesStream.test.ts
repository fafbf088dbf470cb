/** Tests of the streamed series source: the same series and the same messages as reading the whole table. */
import { describe, expect, it } from 'vitest';
import { withDerivedColumns } from './derived.ts';
import { inspectBytes } from './inspect.ts';
import { inspectForReading } from './recordStream.ts';
import { streamSeriesSource } from './seriesStream.ts';
import { readTable } from './table.ts';
import { buildSeries } from './timeSeries.ts';

const encode = (s: string) => new TextEncoder().encode(s);
const derived = [{ name: 'Range', op: 'subtract' as const, left: 'High', right: 'Low' }];

async function both(csv: string, roles: { target: string; features: string[]; date: string }) {
  const bytes = encode(csv);
  const inspection = await inspectBytes(bytes, { fileName: 'p.csv' });
  const whole = async () =>
    buildSeries(
      withDerivedColumns((await readTable(bytes, { fileName: 'p.csv' })).table, derived),
      roles,
      { missing: 'ffill' },
    );
  const streamed = async () =>
    buildSeries(
      await streamSeriesSource(bytes, inspection, {
        fileName: 'p.csv',
        numeric: ['Close', 'High', 'Low'],
        dates: ['Date'],
        derived,
      }),
      roles,
      { missing: 'ffill' },
    );
  return { whole, streamed };
}

describe('streamSeriesSource', () => {
  const roles = { target: 'Range', features: ['Close'], date: 'Date' };

  it('gives the series a whole-table read gives: sorted, filled, derived', async () => {
    const csv = [
      'Date,Close,High,Low,Note',
      '2024-01-03,10,12,9,"a, b"',
      '2024-01-01,11,,8,x',
      'bad date,12,13,10,y',
      '2024-01-02,,14,11,z',
    ].join('\n');
    const { whole, streamed } = await both(csv, roles);
    const w = await whole();
    const s = await streamed();
    expect([...s.values]).toEqual([...w.values]);
    expect(s.report).toEqual(w.report);
    expect([...(s.times ?? [])]).toEqual([...(w.times ?? [])]);
    expect(s.report.firstBadDate).toBe(4);
  });

  it('names the line of a bad date after quoted line breaks, as the table read does', async () => {
    const csv = [
      'Date,Close,High,Low,Note',
      '2024-01-01,10,12,9,"two',
      'lines"',
      '2024-01-02,11,13,8,x',
      '2024-01-03,12,14,9,"three',
      'more',
      'lines"',
      'bad date,13,15,10,y',
      '2024-01-04,14,16,11,z',
    ].join('\n');
    const { whole, streamed } = await both(csv, roles);
    const w = await whole();
    const s = await streamed();
    expect(w.report.firstBadDate).toBe(8);
    expect(s.report).toEqual(w.report);
  });

  it('names the line and column of a value that is not a number, as the table read does', async () => {
    for (const bad of ['2024-01-02,x,14,11,z', '2024-01-02,3,oops,11,z']) {
      const csv = ['Date,Close,High,Low,Note', '2024-01-01,1,2,1,a', bad].join('\n');
      const { whole, streamed } = await both(csv, roles);
      const message = await whole().then(
        () => 'no error',
        (e: Error) => e.message,
      );
      expect(message).toContain("line 3, column '");
      await expect(streamed()).rejects.toThrow(message);
    }
  });

  it("applies the user's reading options per record: delimiter, decimal comma, thousands, missing codes, date order", async () => {
    const csv = [
      'Date;Close;High;Low',
      '03/01/2024;1.010,5;12;9',
      '01/01/2024;-99;13;8',
      '02/01/2024;1.002,25;14;11',
    ].join('\n');
    const bytes = encode(csv);
    const reading = {
      format: 'csv' as const,
      delimiter: ';' as const,
      header: 'yes' as const,
      decimal: ',' as const,
      thousands: '.' as const,
      missingCodes: ['-99'],
      dateOrder: 'dmy' as const,
    };
    const inspection = await inspectForReading(bytes, { fileName: 'p.csv', reading });
    const plain = { target: 'Close', features: ['High'], date: 'Date' };
    const whole = buildSeries(
      (await readTable(bytes, { fileName: 'p.csv', reading })).table,
      plain,
      {
        missing: 'ffill',
      },
    );
    const streamed = buildSeries(
      await streamSeriesSource(bytes, inspection, {
        fileName: 'p.csv',
        reading,
        numeric: ['Close', 'High'],
        dates: ['Date'],
        derived: [],
      }),
      plain,
      { missing: 'ffill' },
    );
    expect([...streamed.values]).toEqual([...whole.values]);
    expect(streamed.report).toEqual(whole.report);
    expect([...(streamed.times ?? [])]).toEqual([...(whole.times ?? [])]);
    // Sorted by day-first dates; the missing code is filled backwards from 1002.25.
    expect([...streamed.values]).toEqual([1002.25, 13, 1002.25, 14, 1010.5, 12]);
    expect(streamed.times?.[0]).toBe(Date.UTC(2024, 0, 1));
  });

  it('reads plain lines from their bytes and every other line the general way to the series a table read gives', async () => {
    const csv = [
      '\uFEFFDate,Close,High,Low,Note',
      '2024-01-01T00:00,10,12,9,a',
      '"2024-01-01T01:00",10.5,12.25,9,b',
      '2024-01-01T02:00,-0.5,,9,서울',
      '2024-01-01 03:00,NA,13,8.125,c',
      '2024/01/01 04:00,11,13,8,d',
      '2024-01-01T05:00,0.12345678901234567,13,8,e',
      '2024-01-01T06:00:30,1e3,14,7,f',
      '',
      ',,,,',
      '2024-01-01T07:00,12,15,"8.5","g, h"',
      '2024-01-01T08:00,13,16,10,',
      '2024-01-01T09:00,14,17,11,h',
    ].join('\r\n');
    const { whole, streamed } = await both(csv, roles);
    const w = await whole();
    const s = await streamed();
    expect([...s.values]).toEqual([...w.values]);
    expect(s.report).toEqual(w.report);
    expect([...(s.times ?? [])]).toEqual([...(w.times ?? [])]);
    expect(s.steps).toBe(10);
    expect(s.report.missing).toEqual({ Range: 1, Close: 1 });
  });
});
