/** The same file gives the same forecast series (timestamps, values, missing counts) in the app, in the export's data.py and in the app re-reading `rnn-studio convert`'s CSV: day-first dates joined with a time column, decimal commas and a -200 sentinel (UCI air quality, as CSV and as a workbook data.py reads through convert), Excel serial dates, prices with currency signs and percentages, and an ambiguous date order the user fixed. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runConvert } from '../../cli/commands/convert.ts';
import type { ReadOptions } from '../../core/data/readOptions.ts';
import { inspectForReading } from '../../core/data/recordStream.ts';
import type { Series } from '../../core/data/timeSeries.ts';
import { PYTHON_SOURCES } from '../../core/io/export/pythonSources.generated.ts';
import { readForecastSeries } from '../../core/tasks/forecast/data.ts';
import { captureIo } from '../support/captureIo.ts';
import { PYTHON, removeTempDirs, runPythonJson, tempDir } from './helpers.ts';

const WILD = join(import.meta.dirname, '..', 'data', 'wild');

interface Case {
  name: string;
  /** The file's bytes (a real file from test/data/wild, or one built here). */
  bytes: Uint8Array;
  /** The options the user fixed; the spec then carries inspection's complete reading (as the Data section sends it). */
  user: ReadOptions;
  target: string;
  features: string[];
  /** A spreadsheet: data.py reads convert's CSV of it (as the export's README says), not the file. */
  converted?: boolean;
  /** What the app must have decided, so the case tests what it says. */
  expect: { dateColumn: string; timeColumn: string | null; firstTime: string; steps: number };
}

const serialCsv = (): Uint8Array => {
  // Excel serial days out of order, a gap, a missing value and an NA: 43831 = 2020-01-01.
  const rows = [
    '43833,3.5,1',
    '43831,1.5,2',
    '43832,,3',
    '43836,6,NA',
    '43834,4.25,5',
    '43835,5,6',
  ];
  return new TextEncoder().encode(`Date,Sales,Visits\n${rows.join('\n')}\n`);
};

const ambiguousCsv = (): Uint8Array => {
  // Every date reads both ways (day ≤ 12): the order is the user's.
  const days = ['01', '02', '03', '04', '05', '06', '07', '08'];
  const rows = days.map((d, i) => `${d}/03/2021;${i},5;${10 - i}`);
  return new TextEncoder().encode(`when;level;flow\n${rows.join('\n')}\n`);
};

const pricesCsv = (): Uint8Array => {
  // Currency signs and codes, grouped thousands, percentages, an exponent and missing markers.
  const rows = [
    '2020-01-06,"$1,200.50",12%',
    '2020-01-07,$1 180,11.5 %',
    '2020-01-08,USD 1190.25,n/a',
    '2020-01-09,"1,210 EUR",-',
    '2020-01-10,1.2e3,13%',
    '2020-01-13,.,12.25%',
  ];
  return new TextEncoder().encode(`day,price,share\n${rows.join('\n')}\n`);
};

const CASES: Case[] = [
  {
    name: 'airquality-uci.csv',
    bytes: new Uint8Array(readFileSync(join(WILD, 'airquality-uci.csv'))),
    user: { missingCodes: ['-200'] },
    target: 'CO(GT)',
    features: ['T', 'RH', 'AH'],
    expect: {
      dateColumn: 'Date',
      timeColumn: 'Time',
      firstTime: '2004-03-10T18:00:00.000Z',
      steps: 9357,
    },
  },
  {
    name: 'airquality-uci-head.xlsx',
    bytes: new Uint8Array(readFileSync(join(WILD, 'airquality-uci-head.xlsx'))),
    user: { missingCodes: ['-200'] },
    target: 'CO_GT',
    features: ['T', 'RH'],
    converted: true,
    expect: {
      dateColumn: 'Date',
      timeColumn: 'Time',
      firstTime: '2004-03-10T18:00:00.000Z',
      steps: 64,
    },
  },
  {
    name: 'serial-dates.csv',
    bytes: serialCsv(),
    user: {},
    target: 'Sales',
    features: ['Visits'],
    expect: {
      dateColumn: 'Date',
      timeColumn: null,
      firstTime: '2020-01-01T00:00:00.000Z',
      steps: 6,
    },
  },
  {
    name: 'prices.csv',
    bytes: pricesCsv(),
    user: {},
    target: 'price',
    features: ['share'],
    expect: {
      dateColumn: 'day',
      timeColumn: null,
      firstTime: '2020-01-06T00:00:00.000Z',
      steps: 6,
    },
  },
  {
    name: 'ambiguous.csv',
    bytes: ambiguousCsv(),
    user: { dateOrder: 'dmy' },
    target: 'level',
    features: ['flow'],
    expect: {
      dateColumn: 'when',
      timeColumn: null,
      firstTime: '2021-03-01T00:00:00.000Z',
      steps: 8,
    },
  },
];

interface PySeries {
  columns: string[];
  times: number[] | null;
  values: number[][];
  missing: Record<string, number>;
}

async function appSeries(c: Case, bytes: Uint8Array, reading: ReadOptions) {
  return readForecastSeries(bytes, {
    fileName: c.name,
    reading,
    target: c.target,
    features: c.features,
    date: undefined,
    missing: 'forward-fill',
  });
}

/** The parts of a series a user relies on, in plain arrays (values as float32, as the app holds them). */
function plain(s: Series) {
  const rows = Array.from({ length: s.steps }, (_, k) =>
    Array.from(s.values.subarray(k * s.features, (k + 1) * s.features)),
  );
  return {
    columns: s.columns,
    times: s.times && [...s.times],
    values: rows,
    missing: s.report.missing,
  };
}

afterAll(removeTempDirs);

describe.runIf(existsSync(PYTHON))(
  'reading parity: app, data.py and convert give one series',
  () => {
    it('reads the same timestamps, values and missing counts', async () => {
      const dir = tempDir();
      for (const [name, content] of Object.entries(PYTHON_SOURCES)) {
        writeFileSync(join(dir, name), content);
      }
      const requests = [];
      const expected = [];
      for (const c of CASES) {
        writeFileSync(join(dir, c.name), c.bytes);
        const inspection = await inspectForReading(c.bytes, { fileName: c.name, reading: c.user });
        const reading = inspection.reading.options;
        const app = await appSeries(c, c.bytes, reading);
        expect(app.dateColumn).toBe(c.expect.dateColumn);
        expect(app.timeColumn).toBe(c.expect.timeColumn);
        expect(app.series.steps).toBe(c.expect.steps);
        expect(new Date(app.series.times?.[0] as number).toISOString()).toBe(c.expect.firstTime);
        expected.push(plain(app.series));
        const state = {
          columns: app.series.columns,
          dateColumn: app.dateColumn,
          ...(app.timeColumn !== null ? { timeColumn: app.timeColumn } : {}),
          dateParts: null,
          missing: 'forward-fill',
        };
        const pyPath = join(dir, c.converted === true ? `${c.name}.converted.csv` : c.name);
        requests.push({ path: pyPath, state, reading });

        // convert's CSV, read back by the app with nothing fixed, gives the same series.
        const out = join(dir, `${c.name}.converted.csv`);
        const argv = [join(dir, c.name), '--to', 'csv', '--out', out];
        for (const code of c.user.missingCodes ?? []) argv.push('--missing', code);
        if (c.user.dateOrder !== undefined) argv.push('--date-order', c.user.dateOrder);
        expect(await runConvert(argv, captureIo())).toBe(0);
        const converted = new Uint8Array(readFileSync(out));
        const again = await appSeries(c, converted, {});
        expect(plain(again.series)).toEqual(plain(app.series));
      }
      const py = runPythonJson<{ series: PySeries[] }>(
        join(import.meta.dirname, 'helper_series.py'),
        [dir],
        { series: requests },
      );
      for (const [i, s] of py.series.entries()) {
        const want = expected[i] as ReturnType<typeof plain>;
        expect({ ...s, values: s.values.map((r) => r.map(Math.fround)) }).toEqual(want);
      }
      // Spot checks established by hand from the files: the first air-quality row is 10/03/2004 18.00.00 with
      // CO 2,6; row 11 (11/03/2004 04.00.00) holds CO -200 (missing), filled with the 0,6 before it.
      expect(expected[0]?.values[0]?.[0]).toBe(Math.fround(2.6));
      expect(expected[0]?.values[10]?.[0]).toBe(Math.fround(0.6));
      expect(expected[2]?.values.map((r) => r[0])).toEqual([1.5, 1.5, 3.5, 4.25, 5, 6]);
      expect(expected[3]?.values.map((r) => r[0])).toEqual(
        [1200.5, 1180, 1190.25, 1210, 1200, 1200].map(Math.fround),
      );
      expect(expected[3]?.missing).toEqual({ price: 1, share: 2 });
    });
  },
);
