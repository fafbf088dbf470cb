/** Tests of streamed records: the same rows and lines as a whole-text parse, whatever the slice boundaries, for CSV, JSONL and text. */
import { describe, expect, it } from 'vitest';
import { parseDelimited } from './delimited.ts';
import { inspectBytes } from './inspect.ts';
import { LineSplitter, streamRecords } from './recordStream.ts';
import { readTable } from './table.ts';

const encode = (s: string) => new TextEncoder().encode(s);

async function records(text: string, fileName: string, sliceBytes: number) {
  const bytes = encode(text);
  const inspection = await inspectBytes(bytes, { fileName });
  const out: [string[], number][] = [];
  await streamRecords(bytes, inspection, {
    fileName,
    sliceBytes,
    onRecord: (fields, line) => out.push([[...fields], line]),
  });
  return out;
}

describe('streamRecords', () => {
  const csv = [
    'text,label',
    '"great, really",pos',
    '',
    '"two\r\nlines",neg',
    'café au lait 한국어,pos',
    'plain,neg',
  ].join('\r\n');

  it('gives the records of a whole-text parse for every slice size', async () => {
    const whole = parseDelimited(csv, { delimiter: ',', quoting: 'double', fileName: 'a.csv' })
      .slice(1)
      .map((r) => [r.fields, r.line]);
    for (const size of [1, 2, 3, 7, 4096]) {
      expect(await records(csv, 'a.csv', size)).toEqual(whole);
    }
  });

  it('reads JSONL objects by the inspected columns and text by lines, numbering lines from 1', async () => {
    const jsonl = '{"text":"a","label":"x"}\r\n\n{"label":"y","text":"b"}\n';
    for (const size of [1, 5, 4096]) {
      expect(await records(jsonl, 'a.jsonl', size)).toEqual([
        [['a', 'x'], 1],
        [['b', 'y'], 3],
      ]);
    }
  });

  it('keeps only the asked columns in a read table', async () => {
    const { table } = await readTable(encode(csv), { fileName: 'a.csv', keep: () => ['label'] });
    expect(table.columns).toEqual(['label']);
    expect(table.rows).toEqual([['pos'], ['neg'], ['pos'], ['neg']]);
    expect(table.lines).toEqual([2, 4, 6, 7]);
    await expect(
      readTable(encode(csv), { fileName: 'a.csv', keep: () => ['nope'] }),
    ).rejects.toThrow("'a.csv': the column must be one of 'text', 'label', got 'nope'.");
  });
});

describe('streamRecords with reading options', () => {
  it('skips every header row, leaves empty columns out and rewrites cells per record, for every slice size', async () => {
    const text = [
      'Temperature;;Wind;',
      'min;max;speed;',
      '1,5;3,5;1.010;',
      'n/a;4,5;12;',
      '',
      '0,5;2,5;8;',
    ].join('\n');
    const fileName = 'w.csv';
    const reading = {
      delimiter: ';' as const,
      header: 'yes' as const,
      headerRows: 2,
      decimal: ',' as const,
      missingCodes: ['n/a'],
    };
    const bytes = encode(text);
    const inspection = await inspectBytes(bytes, { fileName, reading });
    expect(inspection.columns.map((c) => c.name)).toEqual([
      'Temperature min',
      'Temperature max',
      'Wind speed',
    ]);
    const expected = [
      [['1.5', '3.5', '1010'], 3],
      [['', '4.5', '12'], 4],
      [['0.5', '2.5', '8'], 6],
    ];
    for (const sliceBytes of [1, 3, 7, 4096]) {
      const out: [string[], number][] = [];
      await streamRecords(bytes, inspection, {
        fileName,
        reading,
        sliceBytes,
        onRecord: (fields, line) => out.push([[...fields], line]),
      });
      expect(out).toEqual(expected);
    }
    const { table } = await readTable(bytes, { fileName, reading });
    expect(table.rows).toEqual(expected.map(([r]) => r));
  });
});

describe('LineSplitter', () => {
  it("splits like String.split on \\r\\n, \\n and \\r, even with '\\r' and '\\n' in different pieces", () => {
    const text = 'a\r\nb\rc\n\nd\r';
    for (const cut of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const got: string[] = [];
      const s = new LineSplitter((line) => got.push(line));
      s.push(text.slice(0, cut));
      s.push(text.slice(cut));
      s.end();
      expect(got).toEqual(text.split(/\r\n|\n|\r/));
    }
  });
});
