/** Tests of inspectForReading's short head: a big file is typed from its first SETTLED_HEAD_BYTES only when they leave no reading decision open, and reads right (or fails naming the line and column) when its head is not representative. */
import { describe, expect, it } from 'vitest';
import { readForecastSeries } from '../tasks/forecast/data.ts';
import { inspectBytes, inspectStream } from './inspect.ts';
import { INSPECT_HEAD_BYTES, inspectForReading, SETTLED_HEAD_BYTES } from './recordStream.ts';
import { byteSlices } from './textSource.ts';

const encode = (s: string) => new TextEncoder().encode(s);
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A CSV of `header` and rows made by `row(i)` until it is longer than `bytes`. */
function csvOf(header: string, row: (i: number) => string, bytes: number): string {
  const lines = [header];
  let length = header.length + 1;
  for (let i = 0; length <= bytes; i++) {
    const line = row(i);
    lines.push(line);
    length += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** The byte offset of `needle` in `text` (ASCII text: characters are bytes). */
const offsetOf = (text: string, needle: string) => text.indexOf(needle);

/** The inspection of the file's first INSPECT_HEAD_BYTES (cut at a line end): what reading used before the short head. */
async function longHeadInspection(bytes: Uint8Array, fileName: string) {
  const lf = bytes.lastIndexOf(0x0a, INSPECT_HEAD_BYTES - 1);
  const head = bytes.subarray(0, lf + 1);
  return inspectStream(byteSlices(head), { fileName, forReading: true, totalBytes: head.length });
}

/** What reading takes from an inspection (its counts and examples left out). */
function decisions(i: Awaited<ReturnType<typeof inspectForReading>>) {
  return {
    format: i.format,
    delimiter: i.delimiter,
    quoting: i.quoting,
    hasHeader: i.hasHeader,
    numberFormat: i.numberFormat,
    columnIndexes: i.columnIndexes,
    columns: i.columns.map((c) => [c.name, c.type, c.dateOrder]),
    suggestedTask: i.suggestedTask,
    roles: i.roles,
    options: i.reading.options,
  };
}

describe('inspectForReading of a file larger than its head', () => {
  const SIZE = INSPECT_HEAD_BYTES + 256 * 1024;

  it('types a table from its first SETTLED_HEAD_BYTES when they settle the reading, deciding as the 4 MiB head', async () => {
    const csv = csvOf(
      'timestamp,load,temperature',
      (i) =>
        `2000-${pad(1 + ((i >> 10) % 12))}-${pad(1 + ((i >> 5) % 28))}T${pad(i % 24)}:00:00,${(500 + (i % 97) * 1.25).toFixed(2)},${(i % 31) - 5}`,
      SIZE,
    );
    const bytes = encode(csv);
    const inspection = await inspectForReading(bytes, { fileName: 's.csv', forReading: true });
    expect(inspection.headBytes).toBeLessThanOrEqual(SETTLED_HEAD_BYTES);
    expect(inspection.headBytes).toBeGreaterThan(SETTLED_HEAD_BYTES - 100);
    expect(decisions(inspection)).toEqual(decisions(await longHeadInspection(bytes, 's.csv')));
  });

  it('reads on while numeric dates read both ways, so a day past 12 after the short head decides day first', async () => {
    // Every 20 seconds from 1 January: days 1–12 fill the first ~1.3 MB, day 13 comes after.
    const at = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 20_000);
    const csv = csvOf(
      'when,load',
      (i) => {
        const d = at(i);
        return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())},${(i % 50) + 0.5}`;
      },
      SIZE,
    );
    const first13 = offsetOf(csv, '\n13/01/2020');
    expect(first13).toBeGreaterThan(SETTLED_HEAD_BYTES);
    expect(first13).toBeLessThan(INSPECT_HEAD_BYTES);
    const bytes = encode(csv);
    // The short head alone leaves the order open.
    const short = await inspectBytes(
      bytes.subarray(0, bytes.lastIndexOf(0x0a, SETTLED_HEAD_BYTES) + 1),
      {
        fileName: 'd.csv',
      },
    );
    expect(short.columns[0]?.dateOrder).toBe('ambiguous');
    const inspection = await inspectForReading(bytes, { fileName: 'd.csv', forReading: true });
    expect(inspection.headBytes).toBeGreaterThan(SETTLED_HEAD_BYTES);
    expect(inspection.reading.options.dateOrder).toBe('dmy');
    const { series } = await readForecastSeries(bytes, {
      fileName: 'd.csv',
      reading: inspection.reading.options,
      inspection,
      target: 'load',
      features: [],
      date: 'when',
      missing: 'forward-fill',
    });
    // 03/01/2020 00:02:20, which month first would put in March.
    const step = 4320 * 2 + 7;
    expect(series.times?.[step]).toBe(at(step).getTime());
    expect(series.report.sorted).toBe(false);
    expect(series.report.badDates).toBe(0);
  });

  it('reads on while a column is still empty, so values after the short head keep it', async () => {
    const csv = csvOf(
      'load,note,temperature',
      (i) => `${(i % 90) + 0.5},${i > 150_000 ? `v${i % 7}` : ''},${i % 30}`,
      SIZE,
    );
    expect(offsetOf(csv, ',v')).toBeGreaterThan(SETTLED_HEAD_BYTES);
    expect(offsetOf(csv, ',v')).toBeLessThan(INSPECT_HEAD_BYTES);
    const bytes = encode(csv);
    const inspection = await inspectForReading(bytes, { fileName: 'e.csv', forReading: true });
    expect(inspection.headBytes).toBeGreaterThan(SETTLED_HEAD_BYTES);
    expect(inspection.columns.map((c) => c.name)).toEqual(['load', 'note', 'temperature']);
  });

  it('reads on in a semicolon file whose numbers read alike both ways, so a later decimal comma decides', async () => {
    const csv = csvOf('load;temperature', (i) => `${i % 90};${i > 250_000 ? '3,5' : i % 30}`, SIZE);
    expect(offsetOf(csv, '3,5')).toBeGreaterThan(SETTLED_HEAD_BYTES);
    expect(offsetOf(csv, '3,5')).toBeLessThan(INSPECT_HEAD_BYTES);
    const bytes = encode(csv);
    const inspection = await inspectForReading(bytes, { fileName: 'c.csv', forReading: true });
    expect(inspection.headBytes).toBeGreaterThan(SETTLED_HEAD_BYTES);
    expect(inspection.numberFormat?.decimal).toBe(',');
  });

  it('refuses a text cell after the short head of a numeric column, naming the file, line and column', async () => {
    let line = 0;
    const csv = csvOf(
      'timestamp,load',
      (i) => {
        const bad = i === 60_000;
        if (bad) line = i + 2;
        return `2000-01-01T00:00:00,${bad ? 'n/a?' : (i % 90) + 0.25}`;
      },
      SIZE,
    );
    expect(offsetOf(csv, 'n/a?')).toBeGreaterThan(SETTLED_HEAD_BYTES);
    const bytes = encode(csv);
    const inspection = await inspectForReading(bytes, { fileName: 't.csv', forReading: true });
    expect(inspection.headBytes).toBeLessThanOrEqual(SETTLED_HEAD_BYTES);
    await expect(
      readForecastSeries(bytes, {
        fileName: 't.csv',
        reading: inspection.reading.options,
        inspection,
        target: 'load',
        features: [],
        date: null,
        missing: 'forward-fill',
      }),
    ).rejects.toThrow(`'t.csv' line ${line}, column 'load': 'n/a?' is not a number`);
  });

  it('summarises a CoNLL file from the short head when it holds the 5,000-line sample, deciding as the 4 MiB head', async () => {
    const tags = ['O', 'B-PER', 'I-PER', 'O', 'B-LOC'];
    const lines: string[] = [];
    for (let i = 0, length = 0; length <= SIZE; i++) {
      const line = i % 7 === 6 ? '' : `w${i % 3001}\t${tags[i % 5]}`;
      lines.push(line);
      length += line.length + 1;
    }
    const bytes = encode(`${lines.join('\n')}\n`);
    const inspection = await inspectForReading(bytes, { fileName: 'n.conll', forReading: true });
    expect(inspection.headBytes).toBeLessThanOrEqual(SETTLED_HEAD_BYTES);
    const long = await longHeadInspection(bytes, 'n.conll');
    for (const key of ['format', 'conllLayout', 'rows', 'tokens', 'tagScheme', 'roles'] as const) {
      expect(inspection[key]).toEqual(long[key]);
    }
    expect(inspection.reading.options).toEqual(long.reading.options);
  });

  it('falls back to the 4 MiB head when the short one cannot be inspected, so the error is the one it gave', async () => {
    // A ragged line in the short head: the message counts the ragged lines of the 4 MiB head.
    const csv = csvOf('a,b', (i) => (i % 20_000 === 5 ? 'x,y,z' : `${i},${i % 7}`), SIZE);
    const bytes = encode(csv);
    const before = await longHeadInspection(bytes, 'r.csv').catch((e: Error) => e.message);
    await expect(inspectForReading(bytes, { fileName: 'r.csv', forReading: true })).rejects.toThrow(
      before as string,
    );
  });
});
