/** The PyTorch export's data.py reads files with the spec's reading options exactly as core/data does (encoding, delimiter, quoting, header, decimal comma, missing codes), asks for `rnn-studio convert` for xlsx/Parquet, and the README says how the data is read. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReadOptions } from '../../core/data/readOptions.ts';
import { readTable } from '../../core/data/table.ts';
import { PYTHON_SOURCES } from '../../core/io/export/pythonSources.generated.ts';
import { exportReadme } from '../../core/io/export/readme.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { PYTHON, removeTempDirs, runPythonJson, tempDir } from './helpers.ts';

const hex = (h: string): Uint8Array =>
  Uint8Array.from(h.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
const ascii = (t: string): Uint8Array => new TextEncoder().encode(t);
const join8 = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const utf16le = (t: string): Uint8Array =>
  Uint8Array.from({ length: t.length * 2 }, (_, i) =>
    i % 2 === 0 ? t.charCodeAt(i / 2) & 0xff : t.charCodeAt((i - 1) / 2) >> 8,
  );

interface Case {
  name: string;
  bytes: Uint8Array;
  reading: ReadOptions;
  wanted: string[];
}

const CASES: Case[] = [
  {
    // CP949 (이름;점수), ';', decimal commas, dotted thousands and a -999 sentinel.
    name: 'scores.csv',
    bytes: join8(
      hex('c0ccb8a7'),
      ascii(';'),
      hex('c1a1bcf6'),
      ascii(';note\nkim;1,5;"a; b"\nlee;-999;x\npark;1.234,25;-999\n'),
    ),
    reading: {
      encoding: 'cp949',
      delimiter: ';',
      quoting: 'double',
      header: 'yes',
      decimal: ',',
      missingCodes: ['-999'],
    },
    wanted: ['이름', '점수'],
  },
  {
    // A first row that looks like names, read as data because the user said so.
    name: 'pairs.csv',
    bytes: ascii('text,label\ngood,pos\nbad,neg\n'),
    reading: { delimiter: ',', quoting: 'double', header: 'no' },
    wanted: ['column 1', 'column 2'],
  },
  {
    // UTF-16LE without a BOM, tabs, quotes as ordinary characters, repeated header names.
    name: 'quotes.tsv',
    bytes: utf16le('a\ta\tb\n"x\ty"\t1\n'),
    reading: { encoding: 'utf-16le', delimiter: '\t', quoting: 'none', header: 'yes' },
    wanted: ['a', 'b'],
  },
  {
    // A JSON document whose records are the lists inside other records, read through a path.
    name: 'stores.json',
    bytes: ascii(
      JSON.stringify({
        meta: { n: 2 },
        stores: [
          { city: 'Busan', reviews: [{ text: 'fresh', stars: 5 }, { text: 'slow' }] },
          { city: 'Seoul', reviews: [{ text: 'fine', stars: 4.5, tags: ['a'] }] },
        ],
      }),
    ),
    reading: { format: 'json', jsonPath: 'stores.reviews' },
    wanted: ['text', 'stars'],
  },
];

afterAll(removeTempDirs);

describe.runIf(existsSync(PYTHON))('PyTorch export: data.py applies the reading options', () => {
  it('reads every table with the columns and rows core/data reads', async () => {
    const dir = tempDir();
    for (const [name, content] of Object.entries(PYTHON_SOURCES)) {
      writeFileSync(join(dir, name), content);
    }
    for (const c of CASES) writeFileSync(join(dir, c.name), c.bytes);
    const out = runPythonJson<{ tables: { columns: string[]; rows: string[][] }[] }>(
      join(import.meta.dirname, 'helper_reading.py'),
      [dir],
      {
        tables: CASES.map((c) => ({
          path: join(dir, c.name),
          wanted: c.wanted,
          reading: c.reading,
        })),
      },
    );
    for (const [i, c] of CASES.entries()) {
      const { table } = await readTable(c.bytes, { fileName: c.name, reading: c.reading });
      expect(out.tables[i]).toEqual({ columns: table.columns, rows: table.rows });
    }
    expect(out.tables[3]).toEqual({
      columns: ['text', 'stars', 'tags'],
      rows: [
        ['fresh', '5', ''],
        ['slow', '', ''],
        ['fine', '4.5', '["a"]'],
      ],
    });
    expect(out.tables[0]?.rows).toEqual([
      ['kim', '1.5', 'a; b'],
      ['lee', '', 'x'],
      ['park', '1234.25', ''],
    ]);
  });

  it('asks for the convert command on a spreadsheet and reads its conversion', () => {
    const dir = tempDir();
    for (const [name, content] of Object.entries(PYTHON_SOURCES)) {
      writeFileSync(join(dir, name), content);
    }
    writeFileSync(join(dir, 'sales.xlsx'), join8(hex('504b0304'), ascii('not really a zip')));
    writeFileSync(join(dir, 'data.csv'), 'month,sales\n2024-01,1.5\n2024-02,\n');
    const reading = { format: 'xlsx', sheet: 'Sales', decimal: ',' };
    const out = runPythonJson<{ tables: Record<string, unknown>[] }>(
      join(import.meta.dirname, 'helper_reading.py'),
      [dir],
      {
        tables: [
          { path: join(dir, 'sales.xlsx'), reading },
          { path: join(dir, 'data.csv'), reading },
        ],
      },
    );
    expect(out.tables[0]).toEqual({
      error: `data.py: '${join(dir, 'sales.xlsx')}' is a xlsx file, which Python's standard library cannot read. Convert it first: rnn-studio convert '${join(dir, 'sales.xlsx')}' --to csv --out data.csv, then pass data.csv.`,
    });
    expect(out.tables[1]).toEqual({
      columns: ['month', 'sales'],
      rows: [
        ['2024-01', '1.5'],
        ['2024-02', ''],
      ],
    });
  });
});

describe('export README', () => {
  const bundle = (reading: ReadOptions | undefined) => {
    const spec = presetSpec('forecast');
    if (reading !== undefined) spec.data.reading = reading;
    return { spec, taskState: {}, weights: new Map(), vocabularies: {}, history: [], metrics: {} };
  };

  it('lists the reading options data.py applies', () => {
    const text = exportReadme(bundle({ delimiter: ';', decimal: ',', header: 'yes' }));
    expect(text).toContain(
      '`spec.data.reading` holds the options (delimiter ";", decimal ",", header "yes")',
    );
    expect(text).not.toContain('rnn-studio convert');
    expect(text).toContain('Excel serial days (`serialDates`');
    expect(text).toContain('`data.read_series_rows(path, taskState, reading)`');
  });

  it('tells how to convert a spreadsheet for train.py', () => {
    const text = exportReadme(bundle({ format: 'xlsx', sheet: 'Sales' }));
    expect(text).toContain('rnn-studio convert data.xlsx --to csv --out data.csv --sheet "Sales"');
    expect(exportReadme(bundle(undefined))).toContain('none saved: each is guessed as before');
    const dated = exportReadme(
      bundle({ format: 'xlsx', sheet: 'Sales', missingCodes: ['-999'], serialDates: 'none' }),
    );
    expect(dated).toContain(
      'rnn-studio convert data.xlsx --to csv --out data.csv --sheet "Sales" --missing "-999" --serial-dates none\n',
    );
  });
});
