/** Tests of the byte reader of delimited files: every record, field and line as streamRecords gives them, plain lines from bytes and every other line through the general path, across piece boundaries. */
import { describe, expect, it } from 'vitest';
import {
  ESCAPED_QUOTES,
  NOT_ASCII,
  readsAsBytes,
  streamByteRecords,
  UNCHECKED,
} from './byteRecords.ts';
import { asciiText } from './cellFastPaths.ts';
import { decodeUtf8 } from './encoding.ts';
import type { Inspection } from './inspect.ts';
import { inspectForReading, streamRecords } from './recordStream.ts';

const encode = (s: string) => new TextEncoder().encode(s);
type Row = [line: number, ...fields: string[]];

/** The records streamRecords gives, as the asked columns' cells and the line. */
async function general(bytes: Uint8Array, inspection: Inspection, fields: number[]) {
  const rows: Row[] = [];
  await streamRecords(bytes, inspection, {
    fileName: 'b.csv',
    onRecord: (cells, line) => rows.push([line, ...fields.map((f) => cells[f] ?? '')]),
  });
  return rows;
}

/** A field the byte reader gives, as a string: unquoted and decoded as its kind says. */
function cellOf(b: Uint8Array, start: number, end: number, kind: number): string {
  if (start < 0) return '';
  const text =
    (kind & (NOT_ASCII | UNCHECKED)) !== 0
      ? decodeUtf8(b.subarray(start, end))
      : asciiText(b, start, end);
  return (kind & ESCAPED_QUOTES) !== 0 ? text.replaceAll('""', '"') : text;
}

/** Which lines the byte reader may take beyond plain ASCII ones. */
interface Taking {
  quotedFields?: boolean;
  otherCharacters?: boolean;
  /** Decline a line whose field holds this text (as a reader does with a character it cannot read). */
  decline?: string;
}

/** The records streamByteRecords gives in pieces of `sliceBytes`, and how many came as bytes. */
async function byBytes(
  bytes: Uint8Array,
  inspection: Inspection,
  fields: number[],
  sliceBytes?: number,
  taking: Taking = {},
) {
  const rows: Row[] = [];
  let plain = 0;
  await streamByteRecords(bytes, inspection, {
    fileName: 'b.csv',
    fields,
    sliceBytes,
    quotedFields: taking.quotedFields,
    otherCharacters: taking.otherCharacters,
    onBytes(b, starts, ends, line, kinds) {
      const cells = fields.map((_, k) =>
        cellOf(b, starts[k] as number, ends[k] as number, kinds[k] as number),
      );
      // NOTE: a field not looked at byte by byte is declined for a CR, as its reader must.
      if (cells.some((c, k) => (kinds[k] as number) & UNCHECKED && c.includes('\r'))) return false;
      if (taking.decline !== undefined && cells.some((c) => c.includes(taking.decline as string)))
        return false;
      plain++;
      rows.push([line, ...cells]);
      return true;
    },
    onRecord: (cells, line) => rows.push([line, ...fields.map((f) => cells[f] ?? '')]),
  });
  return { rows, plain };
}

/** Checks the byte reader against streamRecords in whole and in pieces of `slices` bytes (default 1, 2, 3, 5 and 7). */
async function expectSameRecords(
  text: string | Uint8Array,
  fields?: number[],
  slices: (number | undefined)[] = [undefined, 1, 2, 3, 5, 7],
  taking: Taking = {},
) {
  const bytes = typeof text === 'string' ? encode(text) : text;
  // NOTE: inspection refuses ragged files, so a file is inspected by its first two lines.
  const clean = bytes.subarray(0, bytes.indexOf(10, bytes.indexOf(10) + 1) + 1);
  const inspection = await inspectForReading(clean, { fileName: 'b.csv' });
  expect(readsAsBytes(inspection, undefined)).toBe(true);
  const asked = fields ?? inspection.columns.map((_, i) => i);
  const expected = await general(bytes, inspection, asked);
  for (const slice of slices) {
    const { rows } = await byBytes(bytes, inspection, asked, slice, taking);
    expect(rows, `pieces of ${slice ?? 'the whole file'}`).toEqual(expected);
  }
  return { expected, plain: (await byBytes(bytes, inspection, asked, undefined, taking)).plain };
}

const head = 'date,load,temp\n';

describe('streamByteRecords', () => {
  it('reads plain ASCII lines from their bytes, with their lines', async () => {
    const { expected, plain } = await expectSameRecords(
      `${head}2024-01-01T00:00,1.5,-3\n2024-01-01T01:00,2,4.25\n2024-01-01T02:00,3,5\n`,
    );
    expect(expected).toEqual([
      [2, '2024-01-01T00:00', '1.5', '-3'],
      [3, '2024-01-01T01:00', '2', '4.25'],
      [4, '2024-01-01T02:00', '3', '5'],
    ]);
    expect(plain).toBe(3);
  });

  it('reads CRLF line ends, a byte-order mark and a last line without a line end', async () => {
    const { plain } = await expectSameRecords(
      `\uFEFF${head.replace('\n', '\r\n')}2024-01-01,1,2\r\n2024-01-02,3,4\r\n2024-01-03,5,6`,
    );
    expect(plain).toBe(2);
  });

  it('gives quoted fields, line breaks inside quotes and escaped quotes to the general path', async () => {
    const { expected, plain } = await expectSameRecords(
      `${head}2024-01-01,1,2\n"2024-01-02",3,4\n2024-01-03,5,6\n2024-01-04,"a ""b""",8\n2024-01-05,9,10\n2024-01-06,"11\n12",13\n2024-01-07,14,15\n`,
    );
    expect(expected.map((r) => r[0])).toEqual([2, 3, 4, 5, 6, 7, 9]);
    expect(expected[5]).toEqual([7, '2024-01-06', '11\n12', '13']);
    // NOTE: after the record with a line break inside quotes, lines are read from bytes again.
    expect(plain).toBe(4);
  });

  it('gives lines with other characters to the general path (Korean, a non-breaking space)', async () => {
    const { plain } = await expectSameRecords(
      `${head}2024-01-01,1,2\n2024-01-02,3,서울\n2024-01-03,\u00A05,6\n2024-01-04,7,8\n`,
    );
    expect(plain).toBe(2);
  });

  it('skips blank and separator-only lines as the parser does, and reads lines that only start like them', async () => {
    await expectSameRecords(
      `${head}2024-01-01,1,2\n\n,,\n  \n;;\n,3,4\n 2024-01-02,5,6\r\n\r\n2024-01-03,7,8\n`,
    );
  });

  it('gives fields missing from a short line as empty and ignores extra fields', async () => {
    const { expected } = await expectSameRecords(
      `${head}2024-01-01,0,0\n2024-01-01,1\n2024-01-02,3,4,5,6\n2024-01-03\n`,
    );
    expect(expected).toEqual([
      [2, '2024-01-01', '0', '0'],
      [3, '2024-01-01', '1', ''],
      [4, '2024-01-02', '3', '4'],
      [5, '2024-01-03', '', ''],
    ]);
  });

  it('reads only the columns asked for, in the order asked', async () => {
    const { expected } = await expectSameRecords(`${head}2024-01-01,1,2\n2024-01-02,3,4\n`, [2, 0]);
    expect(expected).toEqual([
      [2, '2', '2024-01-01'],
      [3, '4', '2024-01-02'],
    ]);
  });

  it('numbers lines after a file of lone CR line ends as the parser does', async () => {
    await expectSameRecords(
      `${head}2024-01-01,1,2\r2024-01-02,3,4\r2024-01-03,5,6\n2024-01-04,7,8\n`,
    );
  });

  it('reads tab-separated files and files whose quotes are ordinary characters', async () => {
    await expectSameRecords('date\tload\n2024-01-01\t1\n2024-01-02\t2\n2024-01-03\t3\n');
    const noQuotes = await inspectForReading(encode(`${head}2024-01-01,"1,2\n2024-01-02,3,4\n`), {
      fileName: 'b.csv',
      reading: { quoting: 'none' },
    });
    const bytes = encode(`${head}2024-01-01,"1,2\n2024-01-02,3,4\n`);
    expect(noQuotes.quoting).toBe('none');
    const expected = await general(bytes, noQuotes, [0, 1, 2]);
    for (const slice of [undefined, 1, 4]) {
      expect((await byBytes(bytes, noQuotes, [0, 1, 2], slice)).rows).toEqual(expected);
    }
    expect((await byBytes(bytes, noQuotes, [0, 1, 2])).plain).toBe(2);
  });

  it('checks other characters in the fields not asked for as UTF-8, and leaves lines that may be blank to the parser', async () => {
    const taking = { quotedFields: true, otherCharacters: true };
    const text = `${head}2024-01-01,1,서울\n2024-01-02,2,"부산, 시"\n\u3000,\u3000,\u3000\n"\u3000",,\n2024-01-03,3,\u00a0\n`;
    const { expected, plain } = await expectSameRecords(text, [0, 1], undefined, taking);
    expect(expected.map((r) => r[0])).toEqual([2, 3, 6]);
    expect(plain).toBe(3);
    for (const broken of [
      [0xff],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xea, 0xb0],
    ]) {
      const bytes = Uint8Array.from([
        ...encode(`${head}2024-01-01,1,2\n2024-01-02,3,`),
        ...broken,
        10,
      ]);
      const inspection = await inspectForReading(bytes.subarray(0, 30), { fileName: 'b.csv' });
      const message = (read: () => Promise<unknown>) =>
        read().then(
          () => 'read',
          (e: Error) => e.message,
        );
      const want = await message(() => general(bytes, inspection, [0, 1]));
      expect(want).toMatch(/line 3: the text is not valid utf-8/);
      for (const slice of [undefined, 1, 3]) {
        expect(await message(() => byBytes(bytes, inspection, [0, 1], slice, taking))).toBe(want);
      }
    }
  });

  it('gives up a region to the general path whole only when more than one line in 8 falls back', async () => {
    const multi = (i: number) => `2024-01-${i},"a\nb",${i}\n`;
    const all = Array.from({ length: 100 }, (_, i) => multi(i)).join('');
    const first = `${head}2024-00-00,0,0\n`;
    expect((await expectSameRecords(`${first}${all}`, undefined, [undefined])).plain).toBe(1);
    // NOTE: one record in 21 with a line break inside quotes: the other lines stay plain.
    const some = Array.from({ length: 1000 }, (_, i) =>
      i % 20 === 0 ? multi(i) : `2024-02-${i},${i},${i}\n`,
    ).join('');
    expect((await expectSameRecords(`${first}${some}`, undefined, [undefined])).plain).toBe(951);
  });

  it('reads a line longer than the reader keeps between pieces', async () => {
    const long = 'x'.repeat((1 << 20) + 10);
    await expectSameRecords(`date,load,note\n2024-01-01,1,${long}\n2024-01-02,2,y\n`, undefined, [
      undefined,
      300_000,
      1 << 20,
    ]);
  });

  it('refuses bytes that are not UTF-8 with the line and message streamRecords gives', async () => {
    const text = encode(`${head}2024-01-01,1,2\n2024-01-02,3,4\n2024-01-03,5,x\n`);
    const bytes = new Uint8Array(text);
    bytes[bytes.length - 2] = 0xff;
    const inspection = await inspectForReading(bytes.subarray(0, 30), { fileName: 'b.csv' });
    const message = async (read: () => Promise<unknown>) =>
      read().then(
        () => 'read',
        (e: Error) => e.message,
      );
    const expected = await message(() => general(bytes, inspection, [0, 1, 2]));
    expect(expected).toMatch(/line 4: the text is not valid utf-8/);
    expect(await message(() => byBytes(bytes, inspection, [0, 1, 2]))).toBe(expected);
  });

  it('refuses a quote that never closes as the parser does', async () => {
    const bytes = encode(`${head}2024-01-01,1,2\n2024-01-02,"3,4\n2024-01-03,5,6\n`);
    const inspection = await inspectForReading(bytes.subarray(0, 30), { fileName: 'b.csv' });
    await expect(byBytes(bytes, inspection, [0, 1, 2], 4)).rejects.toThrow(
      /line 3: a quoted field opened here never closes/,
    );
  });

  it('takes quoted fields that end on their line from bytes when asked, unquoted as the parser reads them', async () => {
    const text = `${head}"2024-01-01",1,"a ""b"", c"\n2024-01-02,"3",4\n"",5,6\n"x" ,7,8\n2024-01-03,"9\n10",11\n2024-01-04,"",12\n`;
    const { expected, plain } = await expectSameRecords(text, undefined, undefined, {
      quotedFields: true,
    });
    expect(expected.slice(0, 2)).toEqual([
      [2, '2024-01-01', '1', 'a "b", c'],
      [3, '2024-01-02', '3', '4'],
    ]);
    // NOTE: a first field quoted and empty, a byte after a closing quote and a line break inside
    // quotes are the general path's; the line after that record is read from bytes again.
    expect(plain).toBe(3);
  });

  it('takes other characters in the fields asked for when asked, and a line its reader declines the general way', async () => {
    const text = `${head}2024-01-01,1,서울\n2024-01-02,ㅋ,"부산, 시"\n2024-01-03,\u00e9,skip\n2024-01-04,"a\rb",5\n2024-01-05,"x""y",6\n`;
    const taking = { quotedFields: true, otherCharacters: true, decline: 'skip' };
    const { plain } = await expectSameRecords(text, undefined, undefined, taking);
    expect(plain).toBe(3);
    // NOTE: other characters in a field not asked for are checked by the reader and taken.
    const { plain: asked } = await expectSameRecords(text, [0, 1], undefined, taking);
    expect(asked).toBe(4);
  });
});
