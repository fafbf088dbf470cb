/** Tests of streamed records: the same rows and lines as a whole-text parse, whatever the slice boundaries, for CSV, JSONL, text and CoNLL lines. */
import { describe, expect, it } from 'vitest';
import { ConllTaggedReader, parseConllTagged } from './conll.ts';
import { parseDelimited } from './delimited.ts';
import { inspectBytes } from './inspect.ts';
import { inspectForReading, LineSplitter, streamLines, streamRecords } from './recordStream.ts';
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

describe('streamLines', () => {
  const conll =
    '\ufeff# doc\r\nSeoul\tB-LOC\r\nis\tO\r\n\r\nKim\tB-PER\r\n한국\tB-LOC\n\nbroken line\n';
  const layout = { separator: 'tab', fieldCount: 2, tokenField: 0, tagField: 1 } as const;

  it('gives the lines split gives, numbered from 1, for every slice size', async () => {
    const want = conll.slice(1).split(/\r\n|\n|\r/);
    for (const size of [1, 2, 3, 5, 4096]) {
      const got: string[] = [];
      const numbers: number[] = [];
      await streamLines(encode(conll), {
        fileName: 'n.conll',
        encoding: 'utf-8',
        sliceBytes: size,
        onLine: (line, number) => {
          got.push(line);
          numbers.push(number);
        },
      });
      expect(got).toEqual(want);
      expect(numbers).toEqual(want.map((_, i) => i + 1));
    }
  });

  it('feeds a CoNLL reader the sentences and the line of an error a whole-text parse gives', async () => {
    const text = conll.slice(1);
    const reader = new ConllTaggedReader({ fileName: 'n.conll', layout });
    const stream = streamLines(encode(conll), {
      fileName: 'n.conll',
      encoding: 'utf-8',
      sliceBytes: 3,
      onLine: (line, number) => reader.line(line, number),
    });
    const message = "'n.conll' line 8: every token line must have 2 tab-separated fields";
    await expect(stream).rejects.toThrow(message);
    expect(() => parseConllTagged(text, { fileName: 'n.conll', layout })).toThrow(message);
    const fixed = text.replace('broken line\n', '');
    const whole = parseConllTagged(fixed, { fileName: 'n.conll', layout });
    const again = new ConllTaggedReader({ fileName: 'n.conll', layout });
    await streamLines(encode(fixed), {
      fileName: 'n.conll',
      encoding: 'utf-8',
      sliceBytes: 2,
      onLine: (line, number) => again.line(line, number),
    });
    expect(again.finish()).toEqual(whole);
    expect(whole.sentences.map((s) => s.tokens)).toEqual([
      ['Seoul', 'is'],
      ['Kim', '한국'],
    ]);
  });
});

describe('inspectForReading for reading', () => {
  /** 3,000 CoNLL sentences of two tokens: 9,000 lines, more than the layout's 5,000-line sample. */
  const conll = Array.from({ length: 3000 }, (_, i) => `w${i}\tB-PER\nsaid\tO\n`).join('\n');

  it('decides a CoNLL file’s reading as a full inspection does, summarising only the sample', async () => {
    const bytes = encode(conll);
    const full = await inspectForReading(bytes, { fileName: 'n.conll' });
    const reading = await inspectForReading(bytes, { fileName: 'n.conll', forReading: true });
    for (const key of ['format', 'encoding', 'conllLayout', 'suggestedTask', 'roles'] as const) {
      expect(reading[key]).toEqual(full[key]);
    }
    expect(reading.reading.options).toEqual(full.reading.options);
    expect(full.rows).toBe(3000);
    expect(reading.rows).toBe(Math.ceil(5000 / 3));
  });
});
