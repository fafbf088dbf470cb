/** Derived columns: values row by row, missing and infinite results, chained definitions, and the messages for bad definitions and values. */
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors.ts';
import { derivedFormula, parseDerivedColumns, withDerivedColumns } from './derived.ts';
import type { Table } from './table.ts';

const table: Table = {
  fileName: 'prices.csv',
  columns: ['Date', 'High', 'Low'],
  rows: [
    ['2020-01-02', '56000', '55200'],
    ['2020-01-03', 'null', '55300'],
    ['2020-01-06', '55600', '0'],
  ],
  lines: [2, 3, 4],
};

describe('withDerivedColumns', () => {
  it('appends High − Low row by row and leaves the input table unchanged', () => {
    const out = withDerivedColumns(table, [
      { name: 'Range', op: 'subtract', left: 'High', right: 'Low' },
    ]);
    expect(out.columns).toEqual(['Date', 'High', 'Low', 'Range']);
    expect(out.rows.map((r) => r[3])).toEqual(['800', '', '55600']);
    expect(out.lines).toEqual([2, 3, 4]);
    expect(table.columns).toEqual(['Date', 'High', 'Low']);
    expect(table.rows[0]).toHaveLength(3);
  });

  it('gives a missing value for a division by zero, and a later column may use an earlier one', () => {
    const out = withDerivedColumns(table, [
      { name: 'Ratio', op: 'divide', left: 'High', right: 'Low' },
      { name: 'Twice', op: 'multiply', left: 'Ratio', right: 'Ratio' },
      { name: 'Sum', op: 'add', left: 'High', right: 'Low' },
    ]);
    expect(out.rows.map((r) => r[3])).toEqual([String(56000 / 55200), '', '']);
    expect(Number(out.rows[0]?.[4])).toBeCloseTo((56000 / 55200) ** 2, 12);
    expect(out.rows.map((r) => r[5])).toEqual(['111200', '', '55600']);
  });

  it('refuses a name the file already has, naming the column and what to do', () => {
    expect(() =>
      withDerivedColumns(table, [{ name: 'High', op: 'subtract', left: 'High', right: 'Low' }]),
    ).toThrow(
      new DatasetError(
        "'prices.csv', derived column 'High' (High − Low): the name must differ from the existing columns, got 'High'. Give the derived column another name.",
        'format',
      ),
    );
  });

  it('refuses a source that is not a column, listing the columns', () => {
    expect(() =>
      withDerivedColumns(table, [{ name: 'Range', op: 'subtract', left: 'Hgh', right: 'Low' }]),
    ).toThrow(
      "'prices.csv', derived column 'Range' (Hgh − Low): a source must be one of 'Date', 'High', 'Low', got 'Hgh'. Choose an existing column.",
    );
  });

  it('names the line and column of a source value that is not a number', () => {
    const bad: Table = {
      ...table,
      rows: [...table.rows, ['2020-01-07', 'n/a?', '1']],
      lines: [2, 3, 4, 9],
    };
    expect(() =>
      withDerivedColumns(bad, [{ name: 'Range', op: 'subtract', left: 'High', right: 'Low' }]),
    ).toThrow(
      "'prices.csv' line 9, column 'High' (a source of derived column 'Range'): 'n/a?' is not a number, but a derived column needs numbers. Fix the value, leave it empty to mark it missing, or choose another column.",
    );
  });

  it('writes the formula with the operator a user reads', () => {
    expect(derivedFormula({ name: 'R', op: 'subtract', left: 'High', right: 'Low' })).toBe(
      'High − Low',
    );
    expect(derivedFormula({ name: 'R', op: 'divide', left: 'Close', right: 'Open' })).toBe(
      'Close ÷ Open',
    );
  });
});

describe('parseDerivedColumns', () => {
  it('reads formulas separated by semicolons, with ASCII or typographic operators and hyphenated names', () => {
    expect(
      parseDerivedColumns(
        'Range = High - Low; ratio=Close ÷ Open;  ; spread = temp-max − temp-min',
      ),
    ).toEqual([
      { name: 'Range', op: 'subtract', left: 'High', right: 'Low' },
      { name: 'ratio', op: 'divide', left: 'Close', right: 'Open' },
      { name: 'spread', op: 'subtract', left: 'temp-max', right: 'temp-min' },
    ]);
    expect(parseDerivedColumns('P = a * b; S = a + b')).toEqual([
      { name: 'P', op: 'multiply', left: 'a', right: 'b' },
      { name: 'S', op: 'add', left: 'a', right: 'b' },
    ]);
  });

  it('refuses a formula without spaces around the operator, saying how to write it', () => {
    expect(() => parseDerivedColumns('Range = High-Low')).toThrow(
      "Derived column: the formula must read 'Name = Left op Right' with op one of - + * / between spaces (e.g. 'Range = High - Low'), got 'Range = High-Low'.",
    );
  });
});
