/** Tests of value parsing and column type inference. */
import { describe, expect, it } from 'vitest';
import { ColumnAccumulator, isMissing, parseDate, parseNumber } from './columnTypes.ts';
import { COMMA_FORMAT, POINT_FORMAT } from './numbers.ts';

function typeOf(name: string, values: string[]): string {
  const acc = new ColumnAccumulator(name);
  values.forEach((v, i) => {
    acc.add(v, i + 2);
  });
  return acc.stats().type;
}

describe('column types', () => {
  it('parses spreadsheet numbers and several date spellings', () => {
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('-2e3')).toBe(-2000);
    expect(parseNumber('12abc')).toBeNaN();
    expect(parseDate('2020-02-29')).toBe(Date.UTC(2020, 1, 29));
    expect(parseDate('2021-02-29')).toBeNaN();
    expect(parseDate('Jan 1 2000')).toBe(Date.UTC(2000, 0, 1));
    expect(parseDate('2020년 3월 1일')).toBe(Date.UTC(2020, 2, 1));
    expect(parseDate('2020/03/01 09:30')).toBe(Date.UTC(2020, 2, 1, 9, 30));
    expect(parseDate('20200301')).toBeNaN();
  });

  it('recognises missing-value spellings', () => {
    expect(['', ' ', 'null', 'NA', 'NaN', '#N/A', '-'].every((v) => isMissing(v))).toBe(true);
    expect(isMissing('0')).toBe(false);
  });

  it('infers integer, number, date, category, text and id', () => {
    const n = Array.from({ length: 40 }, (_, i) => i);
    expect(typeOf('v', n.map(String))).toBe('integer');
    expect(
      typeOf(
        'v',
        n.map((i) => `${i}.5`),
      ),
    ).toBe('number');
    expect(
      typeOf(
        'd',
        n.map((i) => `2020-01-${String((i % 28) + 1).padStart(2, '0')}`),
      ),
    ).toBe('date');
    expect(
      typeOf(
        'c',
        n.map((i) => ['sun', 'rain', 'fog'][i % 3] as string),
      ),
    ).toBe('category');
    expect(
      typeOf(
        't',
        n.map((i) => `sentence number ${i} here`),
      ),
    ).toBe('text');
    expect(
      typeOf(
        'code',
        n.map((i) => `AB${i}X`),
      ),
    ).toBe('id');
    expect(typeOf('user_id', n.map(String))).toBe('id');
  });

  it('keeps a numeric type with a few bad values and reports the first one', () => {
    const acc = new ColumnAccumulator('close');
    for (let i = 0; i < 30; i++) acc.add(i === 4 ? 'oops' : String(i), i + 2);
    expect(acc.stats()).toMatchObject({
      type: 'integer',
      invalid: 1,
      firstInvalid: { line: 6, value: 'oops' },
    });
  });

  it('counts plain decimals past the type sample as the general reader does', () => {
    // A declared missing code no cell uses sends every cell through the general path.
    const fast = new ColumnAccumulator('reading');
    const general = new ColumnAccumulator('reading', { missingCodes: ['unused'] });
    const cells: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const spellings = [`${i}`, `-${i % 97}.25`, `0${i % 7}`, '1.234', `${i}.5`, '9999', '-0.0'];
      cells.push(spellings[i % spellings.length] as string);
    }
    cells.push('1234567890123456', '12.1234567890123456', ' 7 ', 'NA', '', '3,5');
    cells.forEach((v, i) => {
      fast.add(v, i + 2);
      general.add(v, i + 2);
    });
    for (const context of [{ number: POINT_FORMAT }, { number: COMMA_FORMAT }]) {
      expect(fast.stats(context)).toEqual(general.stats(context));
    }
    expect(fast.evidence).toEqual(general.evidence);
    expect(fast.stats().type).toBe('number');
  });
});
