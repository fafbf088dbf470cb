/** Tests of what spreadsheet and bank exports leave in a file: trailing delimiters, separator-only records and columns, code-shaped columns below a header, one missing code spelled two ways, times past the type sample. */
import { describe, expect, it } from 'vitest';
import { isBlankRecord, withoutTrailingBlank } from './delimited.ts';
import { judgeHeader } from './header.ts';
import { inspectBytes } from './inspect.ts';
import { numericColumn, readTable } from './table.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const inspect = (text: string, fileName = 'f.csv', options = {}) =>
  inspectBytes(utf8(text), { fileName, ...options });

describe('trailing delimiters', () => {
  it('cuts one blank field past the header width, and nothing else', () => {
    expect(withoutTrailingBlank(['a', 'b', ''], 2)).toEqual(['a', 'b']);
    expect(withoutTrailingBlank(['a', 'b', ' '], 2)).toEqual(['a', 'b']);
    expect(withoutTrailingBlank(['a', 'b', 'c'], 2)).toEqual(['a', 'b', 'c']);
    expect(withoutTrailingBlank(['a', 'b', '', ''], 2)).toEqual(['a', 'b', '', '']);
  });

  it('reads data lines that end with a ; the header line lacks', async () => {
    const text = 'Date;Montant\r\n01/06/2018;-16,00;\r\n02/06/2018;45,89;\r\n03/06/2018;7,10;\r\n';
    const got = await inspect(text);
    expect(got).toMatchObject({ hasHeader: true, rows: 3, delimiter: ';' });
    const { table } = await readTable(utf8(text), { fileName: 'f.csv' });
    expect(table.rows.every((r) => r.length === 2)).toBe(true);
    expect([...numericColumn(table, 'Montant')]).toEqual([-16, 45.89, 7.1]);
  });
});

describe('separator-only records and columns', () => {
  it('takes a record of separators only, mixed or not, as blank', () => {
    expect(isBlankRecord(['', '', ',,,,,'])).toBe(true);
    expect(isBlankRecord([' ', ';'])).toBe(true);
    expect(isBlankRecord(['', ',a'])).toBe(false);
    expect(isBlankRecord(['-', ''])).toBe(false);
    expect(isBlankRecord([','])).toBe(false);
    expect(isBlankRecord([' '])).toBe(true);
  });

  it('skips trailing ;;;;,,,,, records and leaves out a column of stray commas', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => `${i};${i * 2};${i % 3 === 0 ? ',' : ''}`);
    const text = `a;b;,,,\n${rows.join('\n')}\n;;,,,,,\n;;,,,,,\n`;
    const got = await inspect(text);
    expect(got.rows).toBe(8);
    expect(got.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(got.notes).toContainEqual(
      expect.objectContaining({ kind: 'empty-columns', columns: [',,,'] }),
    );
    expect(got.notes).toContainEqual(expect.objectContaining({ kind: 'blank-records', count: 2 }));
  });

  it('keeps a column whose punctuation is data somewhere (a token column holding ",")', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => `${i % 2 === 0 ? ',' : 'word'}\tX`);
    const got = await inspect(`token\ttag\n${rows.join('\n')}\n`, 't.tsv');
    expect(got.columns.map((c) => c.name)).toEqual(['token', 'tag']);
  });
});

describe('header evidence from the shape of codes', () => {
  const codes = ['aar', 'abk', 'afr', 'aka', 'alb', 'amh', 'ara', 'eng'];
  const names = [
    'Afar',
    'Abkhazian',
    'Afrikaans',
    'Akan',
    'Albanian',
    'Amharic',
    'Arabic',
    'English',
  ];

  it('takes the header above 3-letter codes although a name recurs below it', () => {
    const records = [['alpha3-b', 'English'], ...codes.map((c, i) => [c, names[i] as string])];
    expect(judgeHeader(records)).toMatchObject({
      header: true,
      confident: true,
      evidence: { kind: 'shape-contrast', column: 0, cell: 'alpha3-b' },
    });
  });

  it('reads a first row shaped like the codes below as data', () => {
    const records = codes.map((c, i) => [c, names[i] as string]);
    expect(judgeHeader(records).header).toBe(false);
  });

  it('does not count three classes of one length (none, soft, hard) as a code shape', () => {
    const classes = ['none', 'soft', 'hard', 'none', 'none', 'soft', 'hard', 'none'];
    const records = [['lenses', 'age'], ...classes.map((c, i) => [c, i % 2 ? 'young' : 'old'])];
    expect(judgeHeader(records).evidence.kind).not.toBe('shape-contrast');
  });
});

describe('a missing code spelled two ways', () => {
  it('names every spelling of the sentinel, and declaring them all makes every one missing', async () => {
    const values = Array.from({ length: 40 }, (_, i) =>
      i % 8 === 0 ? '-200' : i % 8 === 4 ? '-200,0' : `${10 + (i % 5)},5`,
    );
    const text = `x;v\n${values.map((v, i) => `${i};${v}`).join('\n')}\n`;
    const got = await inspect(text);
    const note = got.notes.find((n) => n.kind === 'sentinel');
    expect(note).toMatchObject({ value: '-200', count: 10, spellings: ['-200', '-200,0'] });
    const { table } = await readTable(utf8(text), {
      fileName: 'f.csv',
      reading: { missingCodes: note?.kind === 'sentinel' ? note.spellings : [] },
    });
    expect(numericColumn(table, 'v').filter(Number.isNaN)).toHaveLength(10);
  });
});

describe('times of day past the type sample', () => {
  it('joins a date column and an HH.MM.SS column however long the file', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => {
      const day = new Date(Date.UTC(2004, 2, 10) + i * 3600_000);
      const d = `${String(day.getUTCDate()).padStart(2, '0')}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${day.getUTCFullYear()}`;
      return `${d};${String(day.getUTCHours()).padStart(2, '0')}.00.00;${i % 10},5`;
    });
    const got = await inspect(`Date;Time;CO\n${lines.join('\n')}\n`);
    expect(got.rows).toBe(3000);
    expect(got.roles).toMatchObject({ date: 'Date', time: 'Time' });
    expect(got.notes).toContainEqual(
      expect.objectContaining({ kind: 'date-time-columns', date: 'Date', time: 'Time' }),
    );
  });
});
