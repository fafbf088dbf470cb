/** Tests of the reading report: every option inspection used, the user's marked as such, guesses with evidence, and a re-read with them giving the same table. */
import { describe, expect, it } from 'vitest';
import { inspectBytes } from './inspect.ts';
import { readTable } from './table.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('inspection.reading', () => {
  it('reports the guessed options with their evidence', async () => {
    const got = await inspectBytes(utf8('date;temp\n2020-01-01;1.5\n2020-01-02;2.5\n'), {
      fileName: 'w.txt',
    });
    expect(got.reading.options).toEqual({
      encoding: 'utf-8',
      format: 'csv',
      delimiter: ';',
      quoting: 'double',
      header: 'yes',
    });
    expect(got.reading.decisions.delimiter).toEqual({
      by: 'guess',
      evidence: {
        code: 'delimiter-consistent',
        params: { delimiter: ';', fields: 2, percent: 100 },
        text: "';' splits 100% of the sampled lines into 2 fields.",
      },
    });
    expect(got.reading.decisions.encoding).toMatchObject({
      by: 'guess',
      evidence: { code: 'encoding-utf8' },
    });
    expect(got.reading.decisions.header).toMatchObject({
      by: 'guess',
      evidence: { code: 'header-detected' },
    });
  });

  it("keeps the user's options and marks them as the user's", async () => {
    const text = 'red,apple\ngreen,pear\nred,cherry\n';
    const guessed = await inspectBytes(utf8(text), { fileName: 'f.csv' });
    expect(guessed.hasHeader).toBe(false);
    const got = await inspectBytes(utf8(text), { fileName: 'f.csv', reading: { header: 'yes' } });
    expect(got.hasHeader).toBe(true);
    expect(got.columns.map((c) => c.name)).toEqual(['red', 'apple']);
    expect(got.reading.options.header).toBe('yes');
    expect(got.reading.decisions.header).toEqual({ by: 'user' });
    expect(got.reading.decisions.delimiter).toMatchObject({ by: 'guess' });
  });

  it('reads a European CSV as numbers once the decimal comma and missing code are given', async () => {
    const text = 'station;temp\nA;3,14\nB;-999\nC;1.234,5\n';
    const auto = await inspectBytes(utf8(text), { fileName: 'eu.csv' });
    // Detection already reads the decimal comma and proposes it, with its evidence.
    expect(auto.columns[1]?.type).toBe('number');
    expect(auto.reading.options.decimal).toBe(',');
    expect(auto.reading.decisions.decimal).toMatchObject({
      by: 'guess',
      evidence: { code: 'decimal-comma', params: { example: '3,14' } },
    });
    const again = await inspectBytes(utf8(text), {
      fileName: 'eu.csv',
      reading: auto.reading.options,
    });
    expect(again.columns[1]).toMatchObject({ type: 'number', min: -999, max: 1234.5 });
    const reading = { decimal: ',' as const, missingCodes: ['-999'] };
    const got = await inspectBytes(utf8(text), { fileName: 'eu.csv', reading });
    expect(got.columns[1]).toMatchObject({ name: 'temp', type: 'number', missing: 1 });
    const { table } = await readTable(utf8(text), { fileName: 'eu.csv', reading });
    expect(table.rows.map((r) => r[1])).toEqual(['3.14', '', '1234.5']);
    expect(table.columns).toEqual(['station', 'temp']);
  });

  it('reads the file the same way again from the reported options', async () => {
    const text = 'a|b\n1|x\n2|y\n';
    const first = await inspectBytes(utf8(text), { fileName: 'p.dat' });
    const again = await inspectBytes(utf8(text), {
      fileName: 'p.dat',
      reading: first.reading.options,
    });
    const { reading: _a, ...firstRest } = first;
    const { reading: _b, ...againRest } = again;
    expect(againRest).toEqual(firstRest);
    expect(Object.values(again.reading.decisions).every((d) => d?.by === 'user')).toBe(true);
  });

  it('refuses a delimiter that is a quote, naming the file', async () => {
    await expect(
      inspectBytes(utf8('a,b\n'), { fileName: 'q.csv', reading: { delimiter: '"' } }),
    ).rejects.toThrow(
      `'q.csv': the delimiter must be one character other than a quote or a line end, got "\\"". Choose ',', ';', tab or '|'.`,
    );
  });
});
