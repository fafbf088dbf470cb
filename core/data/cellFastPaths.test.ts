/** Tests of the fast cell readers: every cell they accept reads as the general readers read it, and every other cell is left to those readers. */
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import {
  asciiText,
  IsoDateBytes,
  isoDateTime,
  plainNumber,
  plainNumberBytes,
} from './cellFastPaths.ts';
import { parseDateAs, parseDatePatterns } from './dates.ts';
import { parseNumberAs } from './numbers.ts';

const POINT = { decimal: '.', thousands: ',' } as const;
const COMMA = { decimal: ',', thousands: '.' } as const;

describe('plainNumber', () => {
  const cells = [
    '0',
    '-0',
    '7',
    '007',
    '-12',
    '3.25',
    '-0.5',
    '123456789012345',
    '1234567890123456',
    '1.123456789012345',
    '1.1234567890123456',
    '3,25',
    '1,234.5',
    '1.234,5',
    '.5',
    '5.',
    '-',
    '',
    ' 12',
    '12 ',
    '1e3',
    '+4',
    '12%',
    '1.2.3',
    'NA',
  ];

  it('gives what parseNumberAs gives for every plain decimal, and NaN for the rest', () => {
    for (const [format, decimal] of [
      [POINT, '.'],
      [COMMA, ','],
    ] as const) {
      for (const cell of cells) {
        const fast = plainNumber(cell, decimal);
        if (!Number.isNaN(fast))
          expect(fast, `${cell} (${decimal})`).toBe(parseNumberAs(cell, format));
      }
    }
    expect(plainNumber('3.25', '.')).toBe(3.25);
    expect(plainNumber('3,25', ',')).toBe(3.25);
    expect(plainNumber('-12', ',')).toBe(-12);
  });

  it('leaves grouped, signed, spaced, exponent and over-long cells to the general reader', () => {
    for (const cell of ['1,234.5', '+4', ' 12', '1e3', '12%', '.5', '5.', '-', '', 'NA'])
      expect(plainNumber(cell, '.'), cell).toBeNaN();
    expect(plainNumber('1234567890123456', '.')).toBeNaN();
    expect(plainNumber('3.25', ',')).toBeNaN();
    expect(plainNumber('3,25', '.')).toBeNaN();
  });
});

describe('plainNumber on random cells', () => {
  it('gives what Number gives for 20,000 random plain decimals of 1–30 digits', () => {
    const random = new Random(5);
    const digits = (count: number) =>
      Array.from({ length: count }, () => Math.floor(random.next() * 10)).join('');
    const mismatches: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const whole = digits(1 + Math.floor(random.next() * 15));
      const fraction = random.next() < 0.2 ? '' : `.${digits(1 + Math.floor(random.next() * 15))}`;
      const cell = `${random.next() < 0.3 ? '-' : ''}${whole}${fraction}`;
      if (!Object.is(plainNumber(cell, '.'), Number(cell))) mismatches.push(cell);
      const comma = cell.replace('.', ',');
      if (!Object.is(plainNumber(comma, ','), Number(cell))) mismatches.push(comma);
    }
    expect(mismatches).toEqual([]);
    expect(Object.is(plainNumber('-0.0', '.'), -0)).toBe(true);
  });
});

describe('isoDateTime', () => {
  it('gives what Date.UTC gives for 20,000 random date-times of years 100–9999', () => {
    const random = new Random(9);
    const pad = (v: number, width: number) => String(v).padStart(width, '0');
    const mismatches: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const y = 100 + Math.floor(random.next() * 9900);
      const mo = 1 + Math.floor(random.next() * 12);
      const d = 1 + Math.floor(random.next() * 28);
      const [h, mi, s] = [25, 60, 61].map((n) => Math.floor(random.next() * n)) as number[];
      const cell = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h as number, 2)}:${pad(mi as number, 2)}:${pad(s as number, 2)}`;
      if (isoDateTime(cell) !== Date.UTC(y, mo - 1, d, h, mi, s, 0)) mismatches.push(cell);
      if (isoDateTime(cell.slice(0, 10)) !== Date.UTC(y, mo - 1, d)) mismatches.push(cell);
    }
    expect(mismatches).toEqual([]);
  });

  it('gives what parseDateAs gives for ISO dates and date-times without an offset', () => {
    const cells = [
      '2020-01-31',
      '2000-02-29',
      '2024-02-29',
      '2020-12-31T23:59:59',
      '2020-12-31 23:59',
      '2020-06-15T24:00:00',
      '2016-12-31T23:59:60',
      '1970-01-01T00:00:00',
      '1601-03-01',
    ];
    for (const cell of cells) {
      const fast = isoDateTime(cell);
      expect(fast, cell).not.toBeNaN();
      expect(fast, cell).toBe(parseDateAs(cell, undefined));
      // NOTE: parseDateCell takes this path itself, so the patterns are the independent reference.
      expect({ time: fast, offset: false }, cell).toEqual(parseDatePatterns(cell));
    }
  });

  it('leaves impossible dates and every other shape to the general reader', () => {
    const cells = [
      '2021-02-29',
      '1900-02-29',
      '2020-04-31',
      '2020-13-01',
      '2020-00-10',
      '2020-01-00',
      '0050-01-01',
      '2020-01-31T25:00:00',
      '2020-01-31T10:60',
      '2020-01-31T10:00:61',
      '2020-01-31Z10:00:00',
      '2020/01/31',
      '2020-1-31',
      '2020-01-31T9:30',
      '2020-01-31T09:30:00Z',
      '2020-01-31T09:30:00.5',
      ' 2020-01-31',
      '31/01/2020',
      '2020-01',
    ];
    for (const cell of cells) expect(isoDateTime(cell), cell).toBeNaN();
  });
});

describe('the readers from bytes', () => {
  const encode = (s: string) => new TextEncoder().encode(s);
  /** Each cell's bytes between two others, so the readers must keep to their bounds. */
  const framed = (cell: string) => ({
    bytes: encode(`9,${cell},9`),
    start: 2,
    end: 2 + cell.length,
  });

  it('plainNumberBytes gives what plainNumber gives, or NaN for the over-long cells Number() reads', () => {
    const random = new Random(11);
    const cells = [
      '0',
      '-0',
      '7',
      '-12',
      '3.25',
      '3,25',
      '1,234.5',
      '+4',
      ' 12',
      '1e3',
      '.5',
      '5.',
    ];
    cells.push('-', '', 'NA', '123456789012345', '1234567890123456', '1.1234567890123456');
    for (let k = 0; k < 5000; k++) cells.push(String(Math.round(random.next() * 1e6) / 100));
    for (const cell of cells) {
      for (const decimal of ['.', ','] as const) {
        const { bytes, start, end } = framed(cell);
        const fast = plainNumberBytes(bytes, start, end, decimal.charCodeAt(0));
        const expected = plainNumber(cell, decimal);
        const overLong = cell.replace(/\D/g, '').length > 15;
        expect(Object.is(fast, overLong ? Number.NaN : expected), `${cell} (${decimal})`).toBe(
          true,
        );
      }
    }
    expect(Object.is(plainNumberBytes(encode('-0.0'), 0, 4, 46), -0)).toBe(true);
  });

  it('IsoDateBytes gives what isoDateTime gives, within a day, across days and after a bad cell', () => {
    const cells = ['2020-01-31T10:00:00', '2020-01-31T11:30:00', '2020-01-31 12:00', '2020-01-31'];
    cells.push('2020-01-31T25:00:00', '2020-02-01T00:00:00', '2021-02-29', '2021-02-29T01:00');
    cells.push('2020-02-01T24:00:00', '2020-02-01Z10:00:00', '2020/02/01', '2020-02-01T9:30', '');
    cells.push('2020-02-01T10:00:60', '0050-01-01', '2020-02-01T10:00:00Z', '2020-02-01T10:00');
    const reader = new IsoDateBytes();
    for (const cell of [...cells, ...cells.reverse()]) {
      const { bytes, start, end } = framed(cell);
      const read = reader.read(bytes, start, end) ? reader.value : Number.NaN;
      expect(Object.is(read, isoDateTime(cell)), cell).toBe(true);
    }
  });

  it('asciiText gives the cell as a string', () => {
    const { bytes, start, end } = framed('2020-01-31');
    expect(asciiText(bytes, start, end)).toBe('2020-01-31');
    expect(asciiText(bytes, 3, 3)).toBe('');
  });
});
