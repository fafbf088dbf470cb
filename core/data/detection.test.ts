/** Tests of what inspection detects in files as analysts write them: headers, missing codes, number and date formats, roles. */
import { describe, expect, it } from 'vitest';
import { parseDateAs, parseDateCell, parseTimeOfDay } from './dates.ts';
import { inspectBytes } from './inspect.ts';
import { COMMA_FORMAT, parseNumber, parseNumberAs } from './numbers.ts';
import { numericColumn, readTable, textColumn } from './table.ts';
import { buildSeries } from './timeSeries.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const inspect = (text: string, fileName = 'f.csv', options = {}) =>
  inspectBytes(utf8(text), { fileName, ...options });

describe('numbers as people write them', () => {
  it('reads decimal commas, thousands separators, percentages and currency', () => {
    expect(parseNumberAs('3,14', COMMA_FORMAT)).toBe(3.14);
    expect(parseNumberAs('1.234.567,5', COMMA_FORMAT)).toBe(1234567.5);
    expect(parseNumber('1,234,567')).toBe(1234567);
    expect(parseNumber("1'234.5")).toBe(1234.5);
    expect(parseNumber('12.5%')).toBe(12.5);
    expect(parseNumber('$1,200')).toBe(1200);
    expect(parseNumber('-€3.5')).toBe(-3.5);
    expect(parseNumber('1,23')).toBeNaN();
    expect(parseNumberAs('1.5', COMMA_FORMAT)).toBeNaN();
  });

  it('proposes a decimal comma for a semicolon file and reads numbers with it', async () => {
    const text = 'Date;CO;T\n10/03/2004;2,6;13,6\n11/03/2004;2;13,3\n12/03/2004;2,2;11,9\n';
    const got = await inspect(text);
    expect(got.numberFormat).toEqual({ decimal: ',', thousands: '' });
    expect(got.columns.map((c) => c.type)).toEqual(['date', 'number', 'number']);
    expect(got.notes.find((n) => n.kind === 'number-format')).toMatchObject({ example: '2,6' });
    const { table } = await readTable(utf8(text), { fileName: 'f.csv' });
    expect([...numericColumn(table, 'T')]).toEqual([13.6, 13.3, 11.9]);
  });
});

describe('missing codes', () => {
  it('keeps none, null, NA and - as labels in a category column', async () => {
    const labels = ['none', 'null', 'NA', '-', 'spam'];
    const rows = Array.from({ length: 40 }, (_, i) => `text number ${i}\t${labels[i % 5]}`);
    const got = await inspect(`text\tlabel\n${rows.join('\n')}\n`, 'l.tsv');
    const label = got.columns.find((c) => c.name === 'label');
    expect(label).toMatchObject({ type: 'category', missing: 0, distinct: 5 });
    expect(got.notes.some((n) => n.kind === 'missing-values')).toBe(false);
  });

  it('counts NA as missing in a numeric column, and says so', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i},${i === 3 ? 'NA' : i * 2}`);
    const got = await inspect(`t,v\n${rows.join('\n')}\n`);
    expect(got.columns[1]).toMatchObject({ type: 'integer', missing: 1 });
    expect(got.notes.find((n) => n.kind === 'missing-codes')).toMatchObject({
      column: 'v',
      codes: ['NA'],
      count: 1,
    });
  });

  it('offers a repeated far-out value as a sentinel, and applies it when told', async () => {
    const values = Array.from({ length: 30 }, (_, i) =>
      i % 7 === 0 ? '-200' : String(10 + (i % 5)),
    );
    const text = `v\n${values.join('\n')}\n`;
    const got = await inspect(text);
    expect(got.notes.find((n) => n.kind === 'sentinel')).toMatchObject({ value: '-200', count: 5 });
    expect(got.columns[0]).toMatchObject({ missing: 0, min: -200 });
    const applied = await inspect(text, 'f.csv', { reading: { missingCodes: ['-200'] } });
    expect(applied.columns[0]).toMatchObject({ missing: 5, min: 10, max: 14 });
    const { table } = await readTable(utf8(text), {
      fileName: 'f.csv',
      reading: { missingCodes: ['-200'] },
    });
    expect(numericColumn(table, 'v').filter(Number.isNaN).length).toBe(5);
  });
});

describe('headers', () => {
  it('finds the header of an all-text file whose label column is named like a label', async () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `this is review number ${i}\t${i % 2 === 0 ? 'positive' : 'negative'}`,
    );
    const got = await inspect(`review\tpositive\n${rows.join('\n')}\n`, 'r.tsv');
    expect(got).toMatchObject({ hasHeader: true, rows: 30, suggestedTask: 'classify' });
    expect(
      textColumn(
        (await readTable(utf8(`review\tpositive\n${rows.join('\n')}\n`), { fileName: 'r.tsv' }))
          .table,
        'positive',
      ).length,
    ).toBe(30);
  });

  it('says when it is unsure, so the toggle is shown', async () => {
    const got = await inspect('alpha\tbeta\ngamma\tdelta\n', 'u.tsv');
    expect(got.notes.some((n) => n.kind === 'header-uncertain')).toBe(true);
  });

  it('offers a two-row header and reads it when chosen', async () => {
    const text = 'Temperature,,Wind\nmin,max,speed\n1.5,3.5,10\n2.5,4.5,12\n0.5,2.5,8\n';
    const got = await inspect(text);
    expect(got.notes.some((n) => n.kind === 'header-two-rows')).toBe(true);
    const two = await inspect(text, 'f.csv', { reading: { header: 'yes', headerRows: 2 } });
    expect(two.columns.map((c) => c.name)).toEqual([
      'Temperature min',
      'Temperature max',
      'Wind speed',
    ]);
    expect(two.rows).toBe(3);
  });
});

describe('dates', () => {
  it('reads offsets as instants, dotted, slashed and named-month dates', () => {
    expect(parseDateCell('2020-01-31T09:00:00+09:00')?.time).toBe(Date.UTC(2020, 0, 31, 0));
    expect(parseDateCell('2020-01-31T09:00:00Z')?.offset).toBe(true);
    expect(parseDateAs('31.01.2020', 'dmy')).toBe(Date.UTC(2020, 0, 31));
    expect(parseDateAs('1/31/2020', 'mdy')).toBe(Date.UTC(2020, 0, 31));
    expect(parseDateAs('31-Jan-2020', undefined)).toBe(Date.UTC(2020, 0, 31));
    expect(parseDateAs('03/04/2020', 'dmy')).toBe(Date.UTC(2020, 3, 3));
    expect(parseTimeOfDay('18.00.00')).toBe(18 * 3600_000);
  });

  it('decides day-first from the data and states it; asks when every date reads both ways', async () => {
    const dmy = await inspect('d,v\n01/02/2020,1\n13/02/2020,2\n14/02/2020,3\n');
    expect(dmy.columns[0]).toMatchObject({ type: 'date', dateOrder: 'dmy' });
    expect(dmy.notes.find((n) => n.kind === 'date-order')).toMatchObject({ order: 'dmy' });
    const both = await inspect('d,v\n01/02/2020,1\n02/02/2020,2\n03/02/2020,3\n');
    expect(both.notes.some((n) => n.kind === 'date-order-ambiguous')).toBe(true);
  });

  it('suggests forecast for a European date + time file, joining the pair of columns', async () => {
    const rows = Array.from(
      { length: 24 },
      (_, h) =>
        `${13 + Math.floor(h / 12)}/03/2004;${String(h % 12).padStart(2, '0')}.00.00;${h},5;;`,
    );
    const text = `Date;Time;CO;;\n${rows.join('\n')}\n;;;;\n;;;;\n`;
    const got = await inspect(text);
    expect(got).toMatchObject({
      rows: 24,
      suggestedTask: 'forecast',
      roles: { date: 'Date', time: 'Time', target: 'CO' },
    });
    expect(got.columns.map((c) => c.name)).toEqual(['Date', 'Time', 'CO']);
    expect(got.notes.find((n) => n.kind === 'date-time-columns')).toMatchObject({ time: 'Time' });
    expect(got.notes.find((n) => n.kind === 'blank-records')).toMatchObject({ count: 2 });
    expect(got.notes.find((n) => n.kind === 'empty-columns')).toMatchObject({
      columns: ['column 4', 'column 5'],
    });
    const { table, inspection } = await readTable(utf8(text), { fileName: 'f.csv' });
    const series = buildSeries(table, inspection.roles, { missing: 'ffill' });
    expect(series.times?.[13]).toBe(Date.UTC(2004, 2, 14, 1));
    expect(series.report.stepMs).toBe(3600_000);
    expect(series.values[13 * series.features]).toBe(13.5);
  });
});

describe('roles', () => {
  it('never suggests an index, a constant or a leading-zero code as an input', async () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `${i},2020-01-${String(i + 1).padStart(2, '0')},X,0${100 + i},${i * 1.5}`,
    );
    const got = await inspect(`,date,site,station,value\n${rows.join('\n')}\n`);
    expect(got.columns[0]).toMatchObject({ rowIndex: true, type: 'id' });
    expect(got.columns[3]).toMatchObject({ leadingZeros: true, type: 'id' });
    expect(got).toMatchObject({
      suggestedTask: 'forecast',
      roles: { date: 'date', target: 'value', features: [] },
    });
  });

  it('suggests classify for review text with a rating', async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `Nice ${i},"a long review text number ${i} with words",${(i % 5) + 1}`,
    );
    const got = await inspect(`title,review,rating\n${rows.join('\n')}\n`);
    expect(got).toMatchObject({
      suggestedTask: 'classify',
      roles: { text: 'review', label: 'rating' },
    });
  });

  it('suggests the last category column as the label of an all-category table', async () => {
    const rows = Array.from(
      { length: 24 },
      (_, i) =>
        `${['young', 'old', 'middle'][i % 3]},${i % 2 ? 'yes' : 'no'},${['none', 'soft', 'hard'][i % 4 === 0 ? 1 : i % 5 === 0 ? 2 : 0]}`,
    );
    const got = await inspect(`age,astigmatism,lenses\n${rows.join('\n')}\n`);
    expect(got).toMatchObject({ suggestedTask: 'classify', roles: { label: 'lenses' } });
    expect(got.columns[2]).toMatchObject({ type: 'category', missing: 0 });
  });
});

describe('JSON documents', () => {
  it('reads a top-level array of objects and a wrapped one, proposing the path', async () => {
    const records = Array.from({ length: 12 }, (_, i) => ({
      text: `review number ${i} was fine`,
      stars: (i % 3) + 1,
    }));
    const top = await inspect(JSON.stringify(records, null, 2), 'r.json');
    expect(top).toMatchObject({
      format: 'json',
      jsonPath: '',
      rows: 12,
      suggestedTask: 'classify',
    });
    const wrapped = JSON.stringify({ meta: { n: 12 }, data: { items: records } });
    const got = await inspect(wrapped, 'w.json');
    expect(got).toMatchObject({ format: 'json', jsonPath: 'data.items', rows: 12 });
    const { table } = await readTable(utf8(wrapped), { fileName: 'w.json' });
    expect(table.rows[1]).toEqual(['review number 1 was fine', '2']);
  });

  it('refuses deep nesting with one line naming the file and the line', async () => {
    const deep = `[\n${'['.repeat(100)}${']'.repeat(100)}\n]`;
    await expect(inspect(deep, 'd.json')).rejects.toThrow(
      /^'d\.json' line 2: the JSON is nested more than 64 levels deep\. Flatten/,
    );
  });

  it('counts absent keys of JSON lines as missing, whatever order keys appear in', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: i, [`k${i}`]: 1 }));
    const got = await inspect(`${lines.join('\n')}\n`, 'k.jsonl');
    expect(got.columns).toHaveLength(51);
    expect(got.columns[1]).toMatchObject({ name: 'k0', missing: 49 });
    expect(got.columns[50]).toMatchObject({ name: 'k49', missing: 49 });
  });
});

describe('CoNLL-like layouts chosen by hand', () => {
  const text = [
    '% doc 1',
    '1\tThe\tDET',
    '2\tdog\tNOUN',
    '3\tbarks\tVERB',
    '',
    '% a comment in another style',
    '1\tCats\tNOUN',
    '2\tsleep\tVERB',
    '',
  ].join('\n');

  it('reads POS tags (not chunk tags) once the token and tag columns and the comment prefix are chosen', async () => {
    const guessed = await inspect(text, 'pos.txt');
    expect(guessed.format).not.toBe('conll');
    const got = await inspect(text, 'pos.txt', {
      reading: { conll: { tokenColumn: 1, tagColumn: 2, commentPrefix: '%' } },
    });
    expect(got).toMatchObject({ format: 'conll', rows: 2, tokens: 5, suggestedTask: 'tag' });
    expect(got.exampleRows).toEqual([
      ['The dog barks', 'DET NOUN VERB'],
      ['Cats sleep', 'NOUN VERB'],
    ]);
    expect(got.reading.options.conll).toEqual({ tokenColumn: 1, tagColumn: 2, commentPrefix: '%' });
  });

  it('refuses a column the lines do not have, naming the file', async () => {
    await expect(
      inspect(text, 'pos.txt', {
        reading: { format: 'conll', conll: { tokenColumn: 1, tagColumn: 5 } },
      }),
    ).rejects.toThrow(
      "'pos.txt': the token and tag columns must be two different columns below 3 (the lines have 3 fields), got 1 and 5. Choose columns the file has.",
    );
  });
});
