/** Tests of the choices inspection offers when its guess is wrong: the JSON path of the records (lists inside records included), a CoNLL-like layout chosen by hand, and the evidence for each. */
import { describe, expect, it } from 'vitest';
import { inspectBytes } from './inspect.ts';
import { jsonRecordPaths, parseJsonRecords } from './jsonArray.ts';
import { readTable, textColumn } from './table.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const inspect = (text: string, fileName: string, reading = {}) =>
  inspectBytes(utf8(text), { fileName, reading });

/** A shop's export: a few stores, each holding a list of reviews. */
const shops = {
  meta: { exported: '2024-05-01' },
  stores: [
    {
      city: 'Busan',
      reviews: [
        { text: 'fresh and kind', stars: 5 },
        { text: 'slow queue', stars: 2 },
      ],
    },
    { city: 'Seoul', reviews: [{ text: 'fine', stars: 4 }] },
    { city: 'Daegu', reviews: [] },
  ],
};
const shopsText = JSON.stringify(shops, null, 2);

describe('JSON paths', () => {
  it('lists every path to records, lists inside records included', () => {
    expect(jsonRecordPaths(shops)).toEqual([
      { path: 'stores', records: 3 },
      { path: 'stores.reviews', records: 3 },
    ]);
    expect(jsonRecordPaths([{ a: 1 }])).toEqual([{ path: '', records: 1 }]);
    expect(jsonRecordPaths({ a: [1, 2] })).toEqual([]);
  });

  it('reads the lists inside records as one example each, at the lines they start on', () => {
    const got = parseJsonRecords(shopsText, { fileName: 's.json', jsonPath: 'stores.reviews' });
    expect(got.records.map((r) => r.text)).toEqual(['fresh and kind', 'slow queue', 'fine']);
    const lines = shopsText.split('\n');
    expect(got.lines.map((l) => lines[l - 1]?.trim())).toEqual(['{', '{', '{']);
    expect(lines[(got.lines[2] as number) ?? 0]).toContain('"fine"');
  });

  it('offers the paths on the inspection, proposes the one with most records, and says why', async () => {
    const got = await inspect(shopsText, 'shops.json');
    expect(got.jsonPath).toBe('stores');
    expect(got.jsonPaths).toEqual([
      { path: 'stores', records: 3 },
      { path: 'stores.reviews', records: 3 },
    ]);
    expect(got.reading.decisions.jsonPath).toEqual({
      by: 'guess',
      evidence: {
        code: 'json-path-most',
        params: { path: 'stores', records: 3 },
        text: "'stores' holds the most records (3).",
      },
    });
    const chosen = await inspect(shopsText, 'shops.json', { jsonPath: 'stores.reviews' });
    expect(chosen).toMatchObject({ rows: 3, jsonPath: 'stores.reviews' });
    expect(chosen.columns.map((c) => c.name)).toEqual(['text', 'stars']);
    expect(chosen.reading.decisions.jsonPath).toEqual({ by: 'user' });
    const { table } = await readTable(utf8(shopsText), {
      fileName: 'shops.json',
      reading: { jsonPath: 'stores.reviews' },
    });
    expect(textColumn(table, 'text')).toEqual(['fresh and kind', 'slow queue', 'fine']);
  });

  it('names the paths that hold records when the chosen one does not', async () => {
    await expect(inspect(shopsText, 'shops.json', { jsonPath: 'meta' })).rejects.toThrow(
      `'shops.json' line 1: no array of objects (records like [{"text": "…", "label": "…"}]) at 'meta'. Choose a path that holds records ('stores', 'stores.reviews') or save the data as CSV.`,
    );
  });
});

describe('CoNLL-like layouts chosen by hand', () => {
  // Index, word, lemma, part of speech: no chunk tags, so nothing says it is token-per-line.
  const text = [
    '1 The the DET',
    '2 dogs dog NOUN',
    '3 bark bark VERB',
    '',
    '1 Cats cat NOUN',
    '2 sleep sleep VERB',
    '',
  ].join('\n');

  it('reads the first and last columns once the CoNLL format is chosen, and says to choose', async () => {
    const got = await inspect(text, 'pos.txt', { format: 'conll' });
    expect(got).toMatchObject({ format: 'conll', rows: 2, tokens: 5, suggestedTask: 'tag' });
    expect(got.conllLayout).toMatchObject({ fieldCount: 4, tokenField: 0, tagField: 3 });
    expect(got.reading.options.conll).toEqual({ tokenColumn: 0, tagColumn: 3, commentPrefix: '#' });
    expect(got.reading.decisions.conll).toMatchObject({
      by: 'guess',
      evidence: { code: 'conll-first-last', params: { token: 1, tag: 4, fields: 4 } },
    });
  });

  it('takes the most common field count, and lines of another that open sentences as comments', async () => {
    const commented = `% sent 1\n${text.replace('\n\n', '\n\n% sent 2 of the file\n')}`;
    const got = await inspect(commented, 'pos.txt', { format: 'conll' });
    expect(got).toMatchObject({ rows: 2, tokens: 5 });
    expect(got.reading.options.conll).toEqual({ tokenColumn: 0, tagColumn: 3, commentPrefix: '%' });
  });

  it('reads the columns the user picks', async () => {
    const got = await inspect(text, 'pos.txt', {
      format: 'conll',
      conll: { tokenColumn: 1, tagColumn: 3 },
    });
    expect(got.exampleRows).toEqual([
      ['The dogs bark', 'DET NOUN VERB'],
      ['Cats sleep', 'NOUN VERB'],
    ]);
    expect(got.reading.decisions.conll).toEqual({ by: 'user' });
  });

  it('says which column holds the chunk tags it detected', async () => {
    const ner = 'EU B-ORG\nrejects O\n\nPeter B-PER\nBlackburn I-PER\n';
    const got = await inspect(ner, 'ner.txt');
    expect(got.reading.decisions.conll).toMatchObject({
      by: 'guess',
      evidence: { code: 'conll-chunk-tags', params: { token: 1, tag: 2, fields: 2 } },
    });
  });
});

describe('the date order of dates that read both ways', () => {
  const text = `day,sales\n01/02/2023,1\n02/02/2023,2\n03/02/2023,3\n`;

  it('is asked for, then read as given, and no note claims the data decided it', async () => {
    const guessed = await inspect(text, 'sales.csv');
    expect(guessed.columns[0]).toMatchObject({ type: 'date', dateOrder: 'ambiguous' });
    expect(guessed.notes.map((n) => n.kind)).toContain('date-order-ambiguous');
    const chosen = await inspect(text, 'sales.csv', { dateOrder: 'dmy' });
    expect(chosen.columns[0]).toMatchObject({ dateOrder: 'dmy', dateOrderGiven: true });
    expect(chosen.notes.map((n) => n.kind)).not.toContain('date-order');
    expect(chosen.reading.decisions.dateOrder).toEqual({ by: 'user' });
    expect(chosen.columns[0]?.min).toBe(Date.UTC(2023, 1, 1));
    const monthFirst = await inspect(text, 'sales.csv', { dateOrder: 'mdy' });
    expect(monthFirst.columns[0]?.min).toBe(Date.UTC(2023, 0, 2));
  });
});
