/** Tests of Excel serial dates in a CSV: decided by the column's name and values, stated in a note and the reading's evidence, corrected by the reading options, and read as dates by the series builder. */
import { utils, write } from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { excelSerialToMs } from './dates.ts';
import { inspectBytes } from './inspect.ts';
import { numericColumn, readTable } from './table.ts';
import { buildSeries } from './timeSeries.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const SALES = 'Order Date,Units\n43831,12\n43832,15\n43833,9\n43836,20\n43837,11\n43838,14\n';

describe('excelSerialToMs', () => {
  it('reads serial days of the 1900 system, with a fraction as the time of day', () => {
    expect(excelSerialToMs('43831')).toBe(Date.UTC(2020, 0, 1));
    expect(excelSerialToMs('38056')).toBe(Date.UTC(2004, 2, 10));
    expect(excelSerialToMs('43831.75')).toBe(Date.UTC(2020, 0, 1, 18));
    expect(excelSerialToMs('43831,5')).toBe(Date.UTC(2020, 0, 1, 12));
  });

  it('refuses what is no plausible serial', () => {
    for (const v of ['12', '9999', '90000', '-43831', '4e4', '2020-01-01', '']) {
      expect(excelSerialToMs(v)).toBeNaN();
    }
  });
});

describe('Excel serial dates in a CSV', () => {
  it('reads a date-named column of serials as dates, says so, and suggests a forecast by it', async () => {
    const got = await inspectBytes(utf8(SALES), { fileName: 'sales.csv' });
    expect(got.columns[0]).toMatchObject({ name: 'Order Date', type: 'date', excelSerial: true });
    expect(got.columns[0]?.min).toBe(Date.UTC(2020, 0, 1));
    expect(got.roles).toMatchObject({ date: 'Order Date', target: 'Units' });
    expect(got.notes).toContainEqual(
      expect.objectContaining({
        kind: 'excel-dates',
        column: 'Order Date',
        example: '43831',
        date: '2020-01-01',
      }),
    );
    expect(got.reading.options.serialDates).toBe('excel');
    expect(got.reading.decisions.serialDates).toMatchObject({
      by: 'guess',
      evidence: { code: 'excel-serial', params: { column: 'Order Date', date: '2020-01-01' } },
    });
  });

  it('builds the series on those dates', async () => {
    const { table, inspection } = await readTable(utf8(SALES), { fileName: 'sales.csv' });
    const series = buildSeries(table, inspection.roles, { missing: 'drop' });
    expect(series.times?.[0]).toBe(Date.UTC(2020, 0, 1));
    expect(series.times?.[3]).toBe(Date.UTC(2020, 0, 6));
  });

  it('leaves numbers in range alone when the column is not named like a date', async () => {
    const got = await inspectBytes(utf8(SALES.replace('Order Date', 'Price')), {
      fileName: 'prices.csv',
    });
    expect(got.columns[0]).toMatchObject({ name: 'Price', type: 'integer' });
    expect(got.notes.map((n) => n.kind)).not.toContain('excel-dates');
  });

  it('lets the user turn the guess off, or on for a column without a date name', async () => {
    const off = await readTable(utf8(SALES), {
      fileName: 'sales.csv',
      reading: { serialDates: 'none' },
    });
    expect(off.inspection.columns[0]).toMatchObject({ type: 'integer' });
    expect(off.inspection.reading.decisions.serialDates).toEqual({ by: 'user' });
    expect([...numericColumn(off.table, 'Order Date')].slice(0, 2)).toEqual([43831, 43832]);
    const on = await inspectBytes(utf8(SALES.replace('Order Date', 'Posted')), {
      fileName: 'sales.csv',
      reading: { serialDates: 'excel' },
    });
    expect(on.columns[0]).toMatchObject({ name: 'Posted', type: 'date', excelSerial: true });
  });

  it('reads the file the same again with the options it recorded, numbers in range beside the dates staying numbers', async () => {
    // Sales of 20,000 and more are in the serial range too; only the date-named column is a date.
    const file = utf8('Date,Sales\n43831,20000\n43832,25000\n43833,30000\n');
    const first = await inspectBytes(file, { fileName: 'sales.csv' });
    expect(first.columns.map((c) => c.type)).toEqual(['date', 'integer']);
    const again = await inspectBytes(file, {
      fileName: 'sales.csv',
      reading: first.reading.options,
    });
    expect(again.columns.map((c) => c.type)).toEqual(['date', 'integer']);
    // Forced on a file with no date-named column, the first column of serials is the date.
    const unnamed = await inspectBytes(utf8('Posted,Sales\n43831,20000\n43832,25000\n'), {
      fileName: 'sales.csv',
      reading: { serialDates: 'excel' },
    });
    expect(unnamed.columns.map((c) => c.type)).toEqual(['date', 'integer']);
  });

  it('reads date cells saved as plain numbers in a workbook the same way', async () => {
    const book = utils.book_new();
    const rows = [['Day', 'Units'], ...[43831, 43832, 43833, 43834, 43835].map((d, i) => [d, i])];
    utils.book_append_sheet(book, utils.aoa_to_sheet(rows), 'daily');
    const bytes = new Uint8Array(write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const { table, inspection } = await readTable(bytes, { fileName: 'daily.xlsx' });
    expect(inspection.columns[0]).toMatchObject({ name: 'Day', type: 'date', excelSerial: true });
    expect(inspection.notes).toContainEqual(
      expect.objectContaining({ kind: 'date-step', column: 'Day', unit: 'day', gaps: 0 }),
    );
    const series = buildSeries(table, inspection.roles, { missing: 'drop' });
    expect(series.times?.[4]).toBe(Date.UTC(2020, 0, 5));
  });
});
