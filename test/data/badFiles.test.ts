/** A corpus of bad files made here: each is refused with its own message (asserted verbatim); none crashes or hangs. */
import { describe, expect, it } from 'vitest';
import { fitLabels } from '../../core/data/batching.ts';
import { inspectBytes, inspectStream } from '../../core/data/inspect.ts';
import { numericColumn, readTable, textColumn } from '../../core/data/table.ts';
import { buildSeries } from '../../core/data/timeSeries.ts';
import { DatasetError } from '../../core/errors.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

async function refusal(run: () => Promise<unknown>): Promise<DatasetError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof DatasetError) return err;
    throw err;
  }
  throw new Error('expected a DatasetError, but the call succeeded');
}

function series(rows: number, cell: (i: number) => string): string {
  const lines = ['date,close,volume'];
  for (let i = 0; i < rows; i++) lines.push(`2020-01-${String(i + 1).padStart(2, '0')},${cell(i)}`);
  return `${lines.join('\n')}\n`;
}

describe('bad files', () => {
  it('refuses an empty file', async () => {
    const e = await refusal(() => inspectBytes(new Uint8Array(0), { fileName: 'empty.csv' }));
    expect(e.code).toBe('empty');
    expect(e.message).toBe(
      "'empty.csv' is empty. Choose a file with a header line and at least one data row.",
    );
  });

  it('refuses a file of blank lines as empty', async () => {
    const e = await refusal(() => inspectBytes(utf8('\n \r\n\n'), { fileName: 'blank.csv' }));
    expect(e.code).toBe('empty');
  });

  it('refuses a header without rows', async () => {
    const e = await refusal(() =>
      inspectBytes(utf8('date,open,close\n'), { fileName: 'header.csv' }),
    );
    expect(e.code).toBe('header-only');
    expect(e.message).toBe(
      "'header.csv' line 1: the file has a header ('date,open,close') but no data rows. Add rows below the header or choose another file.",
    );
  });

  it('lists the first ragged lines and how many more there are', async () => {
    const rows = ['a,b,c'];
    for (let i = 0; i < 40; i++) rows.push(i % 6 === 5 ? `${i},${i}` : `${i},${i},${i}`);
    const e = await refusal(() => inspectBytes(utf8(rows.join('\n')), { fileName: 'ragged.csv' }));
    expect(e.code).toBe('ragged');
    expect(e.message).toBe(
      "'ragged.csv': 6 rows must have 3 fields like the header, but line 7 has 2, line 13 has 2, line 19 has 2, line 25 has 2, line 31 has 2, and 1 more. Check the delimiter (',') and quoting, or fix those lines.",
    );
  });

  it('reports a badly broken .csv as ragged, not as plain text, when its rows agree on nothing', async () => {
    const e = await refusal(() =>
      inspectBytes(utf8('a,b\n1,2\n3\n4,5,6\n'), { fileName: 'bad.csv' }),
    );
    expect(e.code).toBe('ragged');
    expect(e.message).toBe(
      "'bad.csv': 2 rows must have 2 fields like the header, but line 3 has 1, line 4 has 3. Check the delimiter (',') and quoting, or fix those lines.",
    );
  });

  it('names the line and column of text in a numeric column', async () => {
    const text = series(25, (i) => (i === 17 ? 'n/a?,100' : `${i + 1},100`));
    const { table, inspection } = await readTable(utf8(text), { fileName: 'prices.csv' });
    expect(inspection.columns[1]).toMatchObject({
      type: 'integer',
      invalid: 1,
      firstInvalid: { line: 19, value: 'n/a?' },
    });
    const e = await refusal(async () => buildSeries(table, inspection.roles, { missing: 'ffill' }));
    expect(e.code).toBe('not-numeric');
    expect(e.message).toBe(
      "'prices.csv' line 19, column 'close': 'n/a?' is not a number, but the column must be numeric. Fix the value, leave it empty to mark it missing, or choose another column.",
    );
  });

  it('refuses a label column with one class', async () => {
    const rows = [
      'review,label',
      ...Array.from({ length: 12 }, (_, i) => `review number ${i} was fine,pos`),
    ];
    const { table } = await readTable(utf8(rows.join('\n')), { fileName: 'one.csv' });
    const e = await refusal(async () =>
      fitLabels(textColumn(table, 'label', { trim: true }), {
        fileName: 'one.csv',
        column: 'label',
      }),
    );
    expect(e.code).toBe('one-class');
    expect(e.message).toBe(
      "'one.csv', column 'label': a label column must have at least 2 classes, got 1 ('pos'). Choose another label column or add examples of other classes.",
    );
  });

  it('leaves out an empty column with a note, and refuses an all-missing column when it is used', async () => {
    const empty = await readTable(utf8(series(10, (i) => `${i},`)), { fileName: 'nulls.csv' });
    expect(empty.inspection.columns.map((c) => c.name)).toEqual(['date', 'close']);
    expect(empty.inspection.notes).toContainEqual(
      expect.objectContaining({ kind: 'empty-columns', columns: ['volume'] }),
    );
    const { table } = await readTable(utf8(series(10, (i) => `${i},NA`)), {
      fileName: 'nulls.csv',
    });
    const e = await refusal(async () => numericColumn(table, 'volume'));
    expect(e.code).toBe('all-missing');
    expect(e.message).toBe(
      "'nulls.csv', column 'volume': every value is missing (10 rows). Choose another column or fill it in.",
    );
  });

  it('refuses a CoNLL-U word line with the wrong number of fields', async () => {
    const text = [
      '# sent_id = 1',
      '1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_',
      '2\tdog\tdog\tNOUN\tNN\t_\t0\troot\t_\t_',
      '',
      '1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_',
      '2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_',
      '',
    ].join('\n');
    const e = await refusal(() => inspectBytes(utf8(text), { fileName: 'bad.conllu' }));
    expect(e.code).toBe('conll-fields');
    expect(e.message).toBe(
      "'bad.conllu' line 6: a CoNLL-U word line must have 10 tab-separated fields, got 9. Separate the fields with tabs and write '_' for an empty one.",
    );
  });

  it('refuses a NER line with a different number of fields', async () => {
    const lines: string[] = [];
    for (let s = 0; s < 5; s++) lines.push('John\tB-PER', 'lives\tO', 'here\tO', '');
    lines.push('Paris\tB-LOC\textra', '');
    const e = await refusal(() => inspectBytes(utf8(lines.join('\n')), { fileName: 'ner.tsv' }));
    expect(e.code).toBe('conll-fields');
    expect(e.message).toBe(
      "'ner.tsv' line 21: every token line must have 2 tab-separated fields (token … tag), got 3. Fix this line or put a blank line between sentences.",
    );
  });

  it('refuses a binary file', async () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48,
    ]);
    const e = await refusal(() => inspectBytes(png, { fileName: 'photo.png' }));
    expect(e.code).toBe('binary');
    expect(e.message).toBe(
      "'photo.png' is not a text file (it has binary bytes, e.g. at byte 8). Choose a CSV, TSV, JSONL, CoNLL or plain-text file; export spreadsheets as CSV first.",
    );
  });

  it('refuses a file too large to load when its format cannot be streamed', async () => {
    const sentence = '1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n\n';
    const e = await refusal(() =>
      inspectBytes(utf8(sentence.repeat(100)), { fileName: 'big.conllu', maxWholeFileBytes: 1000 }),
    );
    expect(e.code).toBe('too-large');
    expect(e.message).toBe(
      "'big.conllu' is too large to load (more than 1000 bytes) and its format cannot be streamed. Split it into smaller files or convert it to CSV/TSV, which is read as a stream.",
    );
  });

  it('reads Latin-1 as windows-1252 with a note, and refuses bytes no known encoding reads', async () => {
    const latin1 = new Uint8Array([...utf8('name,city\nJos'), 0xe9, ...utf8(',Paris\n')]);
    const read = await inspectBytes(latin1, { fileName: 'latin1.csv' });
    expect(read.encoding).toBe('windows-1252');
    expect(read.exampleRows[0]).toEqual(['José', 'Paris']);
    expect(read.notes[0]).toMatchObject({ kind: 'encoding-guessed', encoding: 'windows-1252' });
    const odd = new Uint8Array([...utf8('name,city\nJos'), 0x81, ...utf8(',Paris\n')]);
    const e = await refusal(() => inspectBytes(odd, { fileName: 'odd.csv' }));
    expect(e.code).toBe('encoding');
    expect(e.message).toBe(
      "'odd.csv' line 2: the text is not UTF-8, UTF-16, CP949, Shift-JIS, GB18030 or windows-1252 (invalid byte at offset 13). Save the file as UTF-8 (in Excel: 'CSV UTF-8') or choose its encoding.",
    );
  });

  it('refuses a quoted field that never closes', async () => {
    const text = 'a,b\n1,"open\n2,3\n4,5\n';
    const e = await refusal(() =>
      inspectBytes(utf8(text), {
        fileName: 'quote.csv',
        reading: { delimiter: ',', quoting: 'double' },
      }),
    );
    expect(e.code).toBe('format');
    expect(e.message).toBe(
      `'quote.csv' line 2: a quoted field opened here never closes. Add the missing '"' or read the file without quoting.`,
    );
  });

  it('refuses YAML that is not a dialog corpus and says what to convert to', async () => {
    const e = await refusal(() =>
      inspectBytes(utf8('name: x\nitems:\n  - a\n'), { fileName: 'config.yaml' }),
    );
    expect(e.code).toBe('format');
    expect(e.message).toBe(
      "'config.yaml': only dialog YAML ('conversations:' lists, as in the ChatterBot corpus) can be imported. Convert the file to CSV, TSV or JSONL.",
    );
  });

  it('refuses a JSONL line that is not JSON', async () => {
    const text = '{"text": "a", "label": 1}\n{"text": "b", "label": 0}\n{"text": oops}\n';
    const e = await refusal(() =>
      inspectBytes(utf8(text), { fileName: 'rows.jsonl', reading: { format: 'jsonl' } }),
    );
    expect(e.code).toBe('format');
    expect(e.message).toMatch(
      /^'rows\.jsonl' line 3: the line is not valid JSON \(.+\)\. Write one JSON object per line\.$/,
    );
  });

  it('stops a streamed import when it is cancelled', async () => {
    const controller = new AbortController();
    async function* chunks(): AsyncIterable<Uint8Array> {
      yield utf8(`a,b\n${'1,2\n'.repeat(20_000)}`);
      for (let i = 0; ; i++) {
        if (i === 3) controller.abort();
        yield utf8('1,2\n'.repeat(1000));
      }
    }
    const e = await refusal(() =>
      inspectStream(chunks(), { fileName: 'endless.csv', signal: controller.signal }),
    );
    expect(e.code).toBe('aborted');
    expect(e.message).toBe("'endless.csv': the import was cancelled.");
  });

  it('never crashes on garbage or truncated input: every refusal is a DatasetError', async () => {
    const base = utf8(
      'date,close\n2020-01-01,"1,5"\n2020-01-02,2\n1\tHi\thi\tINTJ\n- - a\n  - b\n{"x": 1}\n',
    );
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let k = 0; k < 300; k++) {
      const bytes = base.slice(0, next() % base.length);
      for (let j = 0; j < 3; j++) bytes[next() % Math.max(1, bytes.length)] = next() % 256;
      try {
        await inspectBytes(bytes, { fileName: `case${k}.csv` });
      } catch (err) {
        expect(err).toBeInstanceOf(DatasetError);
      }
    }
  });
});
