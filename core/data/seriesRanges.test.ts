/** Tests of reading a series on two threads: the second half read as a range (here in-process) and joined gives the columns, lines, series and messages of one reader, and one reader takes over where the split is not safe. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstDifference } from '../../test/support/arrays.ts';
import { readForecastSeries } from '../tasks/forecast/data.ts';
import { memoryByteSource } from './byteSource.ts';
import { inspectForReading } from './recordStream.ts';
import {
  RANGE_MIN_BYTES,
  readSeriesRange,
  readsInTwo,
  type SeriesRangeResult,
  type SeriesRanges,
} from './seriesRanges.ts';
import { streamSeriesSource } from './seriesStream.ts';
import type { SeriesSource } from './timeSeries.ts';

const encode = (s: string) => new TextEncoder().encode(s);

/** A second "thread" run in-process over the same bytes (or `seen`, bytes it reads instead), pieces of `pieceBytes`. */
function inProcess(
  bytes: Uint8Array,
  options: { pieceBytes?: number; seen?: Uint8Array; minBytes?: number } = {},
) {
  const results: SeriesRangeResult[] = [];
  let cancelled = 0;
  const ranges: SeriesRanges = {
    ...(options.minBytes === undefined ? {} : { minBytes: options.minBytes }),
    read(request) {
      const seen = (options.seen ?? bytes).subarray(request.from, request.to);
      const pieces = memoryByteSource('range', seen, options.pieceBytes ?? 997).pieces();
      // NOTE: cloned as a worker thread gets it, so the request must be structured-clone data.
      const result = readSeriesRange(pieces, structuredClone(request)).then((r) => {
        results.push(r);
        return r;
      });
      return { result, cancel: () => cancelled++ };
    },
  };
  return { ranges, results, cancelled: () => cancelled };
}

/** The file read by one reader and by two, each a source of pieces of `pieceBytes`. */
async function readBoth(
  csv: string | Uint8Array,
  plan: { numeric: string[]; dates: string[] },
  options: { pieceBytes?: number; seen?: Uint8Array; minBytes?: number } = {},
) {
  const bytes = typeof csv === 'string' ? encode(csv) : csv;
  const source = () => memoryByteSource('s.csv', bytes, options.pieceBytes ?? 1009);
  const inspection = await inspectForReading(source(), { fileName: 's.csv', reading: undefined });
  const fake = inProcess(bytes, { minBytes: 0, ...options });
  const read = (ranges?: SeriesRanges) =>
    streamSeriesSource(source(), inspection, {
      fileName: 's.csv',
      ...plan,
      derived: [],
      ...(ranges === undefined ? {} : { ranges }),
    });
  return { one: () => read(), two: () => read(fake.ranges), fake };
}

/** Every column and every row's line of two sources are the same. */
function expectSameSource(
  a: SeriesSource,
  b: SeriesSource,
  plan: { numeric: string[]; dates: string[] },
) {
  expect(b.rows).toBe(a.rows);
  for (const name of plan.numeric)
    expect(firstDifference(a.numeric(name), b.numeric(name))).toBe(-1);
  for (const name of plan.dates) expect(firstDifference(a.dates(name), b.dates(name))).toBe(-1);
  const lines = (s: SeriesSource) => Float64Array.from({ length: s.rows }, (_, r) => s.lineOf(r));
  expect(firstDifference(lines(a), lines(b))).toBe(-1);
}

/** An hourly CSV of `rows` rows (`line(i)` may rewrite a row's text). */
function hourly(rows: number, line: (i: number, text: string) => string = (_, t) => t): string {
  const out = ['timestamp,load,temp'];
  for (let i = 0; i < rows; i++) {
    const stamp = new Date(Date.UTC(2024, 0, 1) + i * 3600_000).toISOString().slice(0, 19);
    out.push(line(i, `${stamp},${(i % 97) * 1.25},${(i % 13) - 6.5}`));
  }
  return `${out.join('\n')}\n`;
}
const HOURLY = { numeric: ['load', 'temp'], dates: ['timestamp'] };

describe('readSeriesInTwo on real time series', () => {
  const files = [
    '../shared/data/samsung-005930-daily/005930.KS.csv',
    '../shared/data/seattle-weather/seattle-weather.csv',
    '../shared/data/us-births-daily/ssa-us-births-2000-2014.csv',
    '../shared/data/vega-stocks/sp500-2000.csv',
  ];
  for (const path of files) {
    it(`gives the series one reader gives: ${path.split('/').pop()}`, async () => {
      const bytes = new Uint8Array(readFileSync(path));
      const fake = inProcess(bytes);
      const read = (ranges?: SeriesRanges) =>
        readForecastSeries(memoryByteSource(path, bytes, 4096), {
          fileName: path,
          reading: undefined,
          target: undefined,
          features: undefined,
          date: undefined,
          missing: 'forward-fill',
          ranges,
        });
      const one = await read();
      const two = await read({ ...fake.ranges, minBytes: 0 });
      expect(fake.results.map((r) => r.ok)).toEqual([true]);
      expect(two).toEqual(one);
    });
  }
});

describe('readSeriesInTwo at the split', () => {
  it('numbers the lines after blank lines at or next to the split as one reader does', async () => {
    const base = hourly(400).split('\n');
    const middle = Math.floor(base.length / 2);
    for (let at = middle - 3; at <= middle + 3; at++) {
      for (const blanks of [1, 2]) {
        const lines = [...base];
        lines.splice(at, 0, ...Array<string>(blanks).fill(''));
        const { one, two, fake } = await readBoth(lines.join('\n'), HOURLY);
        expectSameSource(await one(), await two(), HOURLY);
        expect(fake.results.map((r) => r.ok)).toEqual([true]);
      }
    }
  });

  it('reads a CRLF file as one reader does', async () => {
    const { one, two, fake } = await readBoth(hourly(500).replaceAll('\n', '\r\n'), HOURLY);
    expectSameSource(await one(), await two(), HOURLY);
    expect(fake.results.map((r) => r.ok)).toEqual([true]);
  });

  it('reads a file with a byte-order mark as one reader does', async () => {
    const { one, two, fake } = await readBoth(`\uFEFF${hourly(300)}`, HOURLY, { pieceBytes: 2 });
    expectSameSource(await one(), await two(), HOURLY);
    expect(fake.results.map((r) => r.ok)).toEqual([true]);
  });

  it('reads on from the split itself when a quoted line break spans it', async () => {
    const csv = hourly(300, (i, t) => (i === 150 ? `${t},"a\n${'b\n'.repeat(200)}"` : `${t},x`));
    const { one, two, fake } = await readBoth(csv.replace('temp', 'temp,note'), HOURLY);
    expectSameSource(await one(), await two(), HOURLY);
    expect(fake.cancelled()).toBe(1);
  });
});

describe('readSeriesInTwo when the other thread fails', () => {
  it('reads the rest itself in a second pass, as one reader', async () => {
    for (const pieceBytes of [7, 1009]) {
      const bytes = encode(hourly(300));
      const source = () => memoryByteSource('s.csv', bytes, pieceBytes);
      const inspection = await inspectForReading(source(), {
        fileName: 's.csv',
        reading: undefined,
      });
      const failing: SeriesRanges = {
        minBytes: 0,
        read: () => ({
          result: Promise.resolve({ ok: false, reason: 'no thread' }),
          cancel: () => {},
        }),
      };
      const read = (ranges?: SeriesRanges) =>
        streamSeriesSource(source(), inspection, {
          fileName: 's.csv',
          ...HOURLY,
          derived: [],
          ...(ranges === undefined ? {} : { ranges }),
        });
      expectSameSource(await read(), await read(failing), HOURLY);
    }
  });
});

describe('readSeriesInTwo messages', () => {
  it('names the true line of a bad cell in the second half, as one reader does', async () => {
    const csv = hourly(400, (i, t) => (i === 350 ? t.replace(/,[^,]*$/, ',12x') : t));
    const { one, two, fake } = await readBoth(csv, HOURLY);
    const message = "'s.csv' line 352, column 'temp': '12x' is not a number";
    await expect(one()).rejects.toThrow(message);
    await expect(two()).rejects.toThrow(message);
    expect(fake.results.map((r) => r.ok)).toEqual([false]);
  });

  it('names the true line of a bad cell in the first half', async () => {
    const csv = hourly(400, (i, t) => (i === 20 ? t.replace(/,[^,]*$/, ',oops') : t));
    const { one, two } = await readBoth(csv, HOURLY);
    const message = "'s.csv' line 22, column 'temp': 'oops' is not a number";
    await expect(one()).rejects.toThrow(message);
    await expect(two()).rejects.toThrow(message);
  });

  it('refuses the file when the second thread read other bytes than this pass', async () => {
    const csv = hourly(400);
    // NOTE: a digit changed late in the file, so the split falls on the same byte.
    const seen = encode(csv);
    seen[seen.lastIndexOf(0x35 /* 5 */)] = 0x36;
    const { one, two } = await readBoth(csv, HOURLY, { seen });
    await expect(one()).resolves.toBeDefined();
    await expect(two()).rejects.toThrow("'s.csv' changed while it was read");
  });
});

describe('readSeriesInTwo threshold', () => {
  /** An hourly CSV of exactly `size` bytes (the last row's digits padded). */
  function sized(size: number): Uint8Array {
    const row = (i: number) =>
      `${new Date(Date.UTC(2000, 0, 1) + i * 3600_000).toISOString().slice(0, 19)},${i % 1000},1\n`;
    const parts = ['timestamp,load,temp\n'];
    let length = parts[0]?.length ?? 0;
    for (let i = 0; length + 64 < size; i++) {
      parts.push(row(i));
      length += row(i).length;
    }
    parts.push(`2100-01-01T00:00:00,${'9'.repeat(size - length - 23)},1\n`);
    const bytes = encode(parts.join(''));
    expect(bytes.length).toBe(size);
    return bytes;
  }

  it('reads a file just above the threshold on two threads as one reader, one just below on one', async () => {
    const bytes = sized(RANGE_MIN_BYTES + 1);
    const fake = inProcess(bytes, { pieceBytes: 4 << 20 });
    const source = () => memoryByteSource('t.csv', bytes);
    const inspection = await inspectForReading(source(), { fileName: 't.csv', reading: undefined });
    const read = (ranges?: SeriesRanges) =>
      streamSeriesSource(source(), inspection, {
        fileName: 't.csv',
        ...HOURLY,
        derived: [],
        ...(ranges === undefined ? {} : { ranges }),
      });
    expectSameSource(await read(), await read(fake.ranges), HOURLY);
    expect(fake.results.map((r) => r.ok)).toEqual([true]);
    const below = memoryByteSource('t.csv', bytes.subarray(0, RANGE_MIN_BYTES - 1));
    expect(readsInTwo(below, fake.ranges)).toBe(false);
  });
});
