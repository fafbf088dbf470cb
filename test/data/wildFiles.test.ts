/** The importer on real files from public packages this project had not used (test/data/wild, PROVENANCE.md): every expected value was established with Python's csv/json or by hand. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Inspection, inspectBytes } from '../../core/data/inspect.ts';
import type { ReadOptions } from '../../core/data/readOptions.ts';
import { numericColumn, readTable } from '../../core/data/table.ts';
import { buildSeries } from '../../core/data/timeSeries.ts';

const DIR = join(import.meta.dirname, 'wild');

/** What a wild file must read as. */
interface Expected {
  sha256: string;
  /** The encoding detected (default utf-8). */
  encoding?: string;
  format: Inspection['format'];
  delimiter: string | null;
  header: boolean;
  /** The first columns (at most 8) and their types. */
  columns: [string, string][];
  records: number;
  task: Inspection['suggestedTask'];
  roles?: Inspection['roles'];
  notes?: Partial<Inspection['notes'][number]>[];
}

const WILD: Record<string, Expected> = {
  'nightingales-rose.parquet': {
    sha256: '47661a13e46317d5de0566b8201d969242fc7fd194cb8085e2211ea2a058d00d',
    format: 'parquet',
    delimiter: null,
    header: false,
    columns: [
      ['date', 'date'],
      ['army_size', 'integer'],
      ['disease', 'integer'],
      ['wounds', 'integer'],
      ['other', 'integer'],
    ],
    records: 24,
    task: 'forecast',
    roles: { date: 'date' },
  },
  'airquality-uci-head.xlsx': {
    sha256: 'f260499df647e9c27f69500f4bebaff219d2da5fa5a252d648289e5671d33146',
    format: 'xlsx',
    delimiter: null,
    header: true,
    columns: [
      ['Date', 'date'],
      ['Time', 'text'],
      ['CO_GT', 'number'],
      ['PT08_S1_CO', 'integer'],
    ],
    records: 64,
    task: 'forecast',
    roles: { date: 'Date', time: 'Time' },
    notes: [
      { kind: 'date-time-columns', date: 'Date', time: 'Time' },
      { kind: 'date-step', column: 'Date', time: 'Time', unit: 'hour', every: 1, gaps: 0 },
      { kind: 'sentinel', column: 'CO_GT', value: '-200', count: 4 },
      { kind: 'sentinel', column: 'NOx_GT', value: '-200', count: 4 },
      { kind: 'sentinel', column: 'NO2_GT', value: '-200', count: 4 },
    ],
  },
  'language-codes.csv': {
    sha256: '3ce7704e0a85b4275eb68bcf45650f1d09c95fab2dce74b638a95d9c953bb6b6',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['alpha2', 'id'],
      ['english', 'text'],
    ],
    records: 184,
    task: 'generate',
  },
  'airquality-uci-head.csv': {
    sha256: 'c45df15c92ce0e55759ac503856074285592ea513b659949eb95945d861e778a',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['Date', 'date'],
      ['Time', 'text'],
      ['CO_GT', 'number'],
      ['PT08_S1_CO', 'integer'],
      ['NMHC_GT', 'integer'],
      ['C6H6_GT', 'number'],
      ['PT08_S2_NMHC', 'integer'],
      ['NOx_GT', 'integer'],
    ],
    records: 64,
    task: 'forecast',
    roles: { date: 'Date', time: 'Time' },
    notes: [
      { kind: 'date-order', column: 'Date', order: 'dmy' },
      { kind: 'date-time-columns', date: 'Date', time: 'Time' },
      { kind: 'date-step', column: 'Date', time: 'Time', unit: 'hour', every: 1, gaps: 0 },
      { kind: 'sentinel', column: 'CO_GT', value: '-200', count: 4 },
      { kind: 'sentinel', column: 'NOx_GT', value: '-200', count: 4 },
      { kind: 'sentinel', column: 'NO2_GT', value: '-200', count: 4 },
    ],
  },
  'nightingales-rose.csv': {
    sha256: '9b9e1c6f05729551bdf0de72890cee4bb924bc2b7dd9af0d702ebff39fd10f40',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['date', 'date'],
      ['army_size', 'integer'],
      ['disease', 'integer'],
      ['wounds', 'integer'],
      ['other', 'integer'],
    ],
    records: 24,
    task: 'forecast',
    roles: { date: 'date' },
    notes: [
      { kind: 'date-offsets', column: 'date' },
      { kind: 'date-step', column: 'date', unit: 'month', every: 1, gaps: 0 },
    ],
  },
  'nightingales-rose.json': {
    sha256: '9638e2c58058e6e4d89a95ef63bb07f6a6a18602148775efe3be0fea4e69ce4b',
    format: 'json',
    delimiter: null,
    header: false,
    columns: [
      ['date', 'date'],
      ['army_size', 'integer'],
      ['disease', 'integer'],
      ['wounds', 'integer'],
      ['other', 'integer'],
    ],
    records: 24,
    task: 'forecast',
    roles: { date: 'date' },
  },
  'anscombes-quartet.csv': {
    sha256: '294f29fc6d7ebae669e8629d3b51f45e6e1a060d651bba02d20b241e70f6cbdb',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['x1', 'integer'],
      ['y1', 'number'],
      ['x2', 'integer'],
      ['y2', 'number'],
      ['x3', 'integer'],
      ['y3', 'number'],
      ['x4', 'integer'],
      ['y4', 'number'],
    ],
    records: 11,
    task: 'forecast',
  },
  'berndt-cps-wages-1985.csv': {
    sha256: '3f3543dcc9f564189b7354327370782b400514c4261c06a29b53c906b57ba0ed',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['education', 'integer'],
      ['south', 'integer'],
      ['gender', 'category'],
      ['experience', 'integer'],
      ['union', 'integer'],
      ['wage', 'number'],
      ['age', 'integer'],
      ['race', 'category'],
    ],
    records: 534,
    task: 'forecast',
  },
  'berndt-cps-wages-1985.json': {
    sha256: '4e8a01a55854acc26b377bb705a8fdc976386f5da864d99875fcd53b11e7a755',
    format: 'json',
    delimiter: null,
    header: false,
    columns: [
      ['education', 'integer'],
      ['south', 'integer'],
      ['gender', 'category'],
      ['experience', 'integer'],
      ['union', 'integer'],
      ['wage', 'number'],
      ['age', 'integer'],
      ['race', 'category'],
    ],
    records: 534,
    task: 'forecast',
  },
  'boston-house-prices.csv': {
    sha256: 'dabe774132cf1f35464a048f213b1d4f39f64ad9efb1157d64d457702f72e19b',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['crim', 'number'],
      ['zn', 'number'],
      ['indus', 'number'],
      ['chas', 'integer'],
      ['nox', 'number'],
      ['rm', 'number'],
      ['age', 'number'],
      ['dis', 'number'],
    ],
    records: 506,
    task: 'forecast',
  },
  'cdc-us-births-1969-1988.csv': {
    sha256: '168013b3a4dfa99ac37c352abc1f66edae77f30010e8a9976c64554d2816257d',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['year', 'integer'],
      ['month', 'integer'],
      ['date_of_month', 'integer'],
      ['day_of_week', 'integer'],
      ['births', 'integer'],
    ],
    records: 7305,
    task: 'forecast',
    roles: {
      dateParts: { year: 'year', month: 'month', day: 'date_of_month' },
      target: 'births',
    },
  },
  'fivethirtyeight-ffq.csv': {
    sha256: '10f95f614e5031f56438bc06cae8265db517e318726aded83b81f8e07629af92',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['id', 'id'],
      ['cancer', 'integer'],
      ['diabetes', 'integer'],
      ['heart_disease', 'integer'],
      ['innie', 'integer'],
      ['outie', 'integer'],
      ['ever_smoked', 'integer'],
      ['currently_smoke', 'integer'],
    ],
    records: 54,
    task: 'forecast',
    notes: [
      { kind: 'sentinel', column: 'ironamount', value: '9', count: 3 },
      { kind: 'sentinel', column: 'vitamincquan', value: '9', count: 47 },
      { kind: 'sentinel', column: 'vitaminequan', value: '9', count: 51 },
    ],
  },
  'herndon-venus.txt': {
    sha256: '74e4d0715fb3a4d515e720e80df2268053bc207c34d3787d0232b2fcfa86b9bd',
    format: 'csv',
    delimiter: ',',
    header: false,
    columns: [['column 1', 'number']],
    records: 15,
    task: 'forecast',
  },
  'minard-army.csv': {
    sha256: '11ca9e14f5382618aca7cadcb740f0868d3a3c58fad40a565d7add4a47d32332',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['lon', 'number'],
      ['lat', 'number'],
      ['size', 'integer'],
      ['direction', 'category'],
      ['division', 'integer'],
    ],
    records: 48,
    task: 'forecast',
  },
  'minard-cities.csv': {
    sha256: 'ad123c138bb2f962dc6ef6c0b13364e10357ecbc083f47691b5121f16474e7b7',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['lon', 'number'],
      ['lat', 'number'],
      ['city', 'id'],
    ],
    records: 20,
    task: 'forecast',
  },
  'minard-temperature.csv': {
    sha256: '2ae57c2f68ce7bf975247be69b9c98b8f630d13c1989134c1a622a304a9875ef',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['lon', 'number'],
      ['temp', 'integer'],
      ['date', 'date'],
    ],
    records: 9,
    task: 'forecast',
    roles: { date: 'date', target: 'temp' },
  },
  'afinn-111.csv': {
    sha256: 'ed8fd28f4e4a9608f55e26d86e2afef778edc28d04a919578a0b0463c90afad2',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['word', 'text'],
      ['valence', 'integer'],
    ],
    records: 2477,
    task: 'classify',
    roles: { text: 'word', label: 'valence' },
  },
  'suthaharan-single-hop.csv': {
    sha256: 'd9e373a2b95eb5ed9eacd242ab4f0f4ef86c98bb1d766750eb0d6e60290ecf17',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['reading', 'integer'],
      ['mote_id', 'id'],
      ['indoor', 'integer'],
      ['humidity', 'number'],
      ['temperature', 'number'],
      ['label', 'integer'],
    ],
    records: 18914,
    task: 'forecast',
  },
  'contact-lenses.csv': {
    sha256: '164a4913e9b26126bdd77d6efe4c89af21d52ede0ce6399b2ad71c0643bbf56e',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['age', 'category'],
      ['spectacle_prescrip', 'category'],
      ['astigmatism', 'category'],
      ['tear_prod_rate', 'category'],
      ['contact_lenses', 'category'],
    ],
    records: 24,
    task: 'classify',
    roles: { label: 'contact_lenses' },
    notes: [{ kind: 'header-uncertain', header: true }],
  },
  'penguins.csv': {
    sha256: '97d467baa3522040aa892fa7f2ff57b5195be5fef3cceca3f78a6b1a6e32d7a2',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['species', 'category'],
      ['island', 'category'],
      ['bill_length_mm', 'number'],
      ['bill_depth_mm', 'number'],
      ['flipper_length_mm', 'integer'],
      ['body_mass_g', 'integer'],
      ['sex', 'category'],
    ],
    records: 344,
    task: 'forecast',
    notes: [
      { kind: 'missing-codes', column: 'bill_length_mm', codes: ['NA'], count: 2 },
      { kind: 'missing-codes', column: 'bill_depth_mm', codes: ['NA'], count: 2 },
      { kind: 'missing-codes', column: 'flipper_length_mm', codes: ['NA'], count: 2 },
      { kind: 'missing-codes', column: 'body_mass_g', codes: ['NA'], count: 2 },
    ],
  },
  'state-pop.csv': {
    sha256: '2dcd25df372f43e3573995cd10465c47f2c511ba6ab7ce767f9d120da9a2c08f',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['state', 'text'],
      ['totalPop', 'integer'],
      ['hispPop', 'integer'],
    ],
    records: 51,
    task: 'generate',
    roles: { text: 'state' },
  },
  'pulitzer-circulation.csv': {
    sha256: 'ec8a21c2abe9c79b12555ac81b35c4f46dfba03b87182385fb7d2d564f373ced',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['Newspaper', 'text'],
      ['Daily Circulation, 2004', 'integer'],
      ['Daily Circulation, 2013', 'integer'],
      ['Change in Daily Circulation, 2004-2013', 'integer'],
      ['Pulitzer Prize Winners and Finalists, 1990-2003', 'integer'],
      ['Pulitzer Prize Winners and Finalists, 2004-2014', 'integer'],
      ['Pulitzer Prize Winners and Finalists, 1990-2014', 'integer'],
    ],
    records: 50,
    task: 'generate',
    roles: { text: 'Newspaper' },
  },
  'masculinity-survey-head.csv': {
    sha256: 'ec07451dd4e7867634d7cc75747aeb31856a762512b56292231729784ffca501',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['column 1', 'id'],
      ['StartDate', 'date'],
      ['EndDate', 'date'],
      ['q0001', 'category'],
    ],
    records: 10,
    task: 'forecast',
    roles: { date: 'StartDate', target: 'weight' },
    notes: [
      { kind: 'index-column', column: 'column 1' },
      { kind: 'date-order-ambiguous', column: 'StartDate' },
      { kind: 'date-order-ambiguous', column: 'EndDate' },
    ],
  },
  'airquality-uci.csv': {
    sha256: 'c810b84beaca8194dc0ad35ca8d2eb201f0c97a10572eb5c1f02f27523e2b367',
    format: 'csv',
    delimiter: ';',
    header: true,
    columns: [
      ['Date', 'date'],
      ['Time', 'category'],
      ['CO(GT)', 'number'],
      ['PT08.S1(CO)', 'integer'],
      ['NMHC(GT)', 'integer'],
      ['C6H6(GT)', 'number'],
      ['PT08.S2(NMHC)', 'integer'],
      ['NOx(GT)', 'integer'],
    ],
    records: 9357,
    task: 'forecast',
    roles: { date: 'Date', time: 'Time', target: 'AH' },
    notes: [
      { kind: 'number-format', decimal: ',' },
      { kind: 'empty-columns', columns: ['column 16', ',,,,,'] },
      { kind: 'blank-records', count: 114 },
      { kind: 'date-order', column: 'Date', order: 'dmy' },
      { kind: 'date-time-columns', date: 'Date', time: 'Time' },
      { kind: 'date-step', column: 'Date', time: 'Time', unit: 'hour', every: 1, gaps: 0 },
      {
        kind: 'sentinel',
        column: 'CO(GT)',
        value: '-200',
        count: 1683,
        spellings: ['-200', '-200,0'],
      },
      { kind: 'sentinel', column: 'PT08.S1(CO)', value: '-200', count: 366 },
      { kind: 'sentinel', column: 'NMHC(GT)', value: '-200', count: 8443 },
      { kind: 'sentinel', column: 'C6H6(GT)', value: '-200,0', count: 366 },
      { kind: 'sentinel', column: 'PT08.S2(NMHC)', value: '-200', count: 366 },
      { kind: 'sentinel', column: 'NOx(GT)', value: '-200', count: 1639 },
      { kind: 'sentinel', column: 'PT08.S3(NOx)', value: '-200', count: 366 },
      { kind: 'sentinel', column: 'NO2(GT)', value: '-200', count: 1642 },
      { kind: 'sentinel', column: 'PT08.S4(NO2)', value: '-200', count: 366 },
      { kind: 'sentinel', column: 'PT08.S5(O3)', value: '-200', count: 366 },
      { kind: 'sentinel', column: 'T', value: '-200', count: 366 },
      { kind: 'sentinel', column: 'RH', value: '-200', count: 366 },
      { kind: 'sentinel', column: 'AH', value: '-200', count: 366 },
    ],
  },
  'bank-statement-fr.csv': {
    sha256: 'c8ba30280a8ef9a3fe54db46ec9f17ddd115688262948a2f04cf181f19513c57',
    encoding: 'windows-1252',
    format: 'csv',
    delimiter: ';',
    header: true,
    columns: [
      ['Compte', 'integer'],
      ['Date de comptabilisation', 'date'],
      ['Date opération', 'date'],
      ['Libellé', 'text'],
      ['Référence', 'text'],
      ['Date valeur', 'date'],
      ['Montant', 'number'],
    ],
    records: 7,
    task: 'forecast',
    roles: { date: 'Date de comptabilisation', target: 'Montant' },
    notes: [
      { kind: 'encoding-guessed', encoding: 'windows-1252' },
      { kind: 'number-format', decimal: ',' },
      { kind: 'date-order', column: 'Date de comptabilisation', order: 'dmy' },
      { kind: 'date-order', column: 'Date opération', order: 'dmy' },
      { kind: 'date-order', column: 'Date valeur', order: 'dmy' },
    ],
  },
  'language-codes-3b2.csv': {
    sha256: '91f3f427c5a6aefade22ab4c64bbe2c7a009904307bed3e9183ce012047a2850',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['alpha3-b', 'id'],
      ['alpha2', 'id'],
      ['English', 'text'],
    ],
    records: 183,
    task: 'generate',
    roles: { text: 'English' },
  },
  'cpython-shift_jis.txt': {
    sha256: '73cdabebfb92b4eaf6b8af8442953da1041fa8141a0513279b8df215879d4246',
    encoding: 'shift_jis',
    format: 'text',
    delimiter: null,
    header: false,
    columns: [['text', 'text']],
    records: 6,
    task: 'generate',
  },
  'cpython-gb18030.txt': {
    sha256: 'e4de892443028c3f230ab37e0c658f5bd0246b07147005580c2904b733ecf4fc',
    encoding: 'gb18030',
    format: 'text',
    delimiter: null,
    header: false,
    columns: [['text', 'text']],
    records: 14,
    task: 'generate',
  },
  'co2-concentration.csv': {
    sha256: 'c1a4a970864145940a28225cae288618b156cb32f9a2a1b6606ba7124134febb',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['Date', 'date'],
      ['CO2', 'number'],
      ['adjusted CO2', 'number'],
    ],
    records: 741,
    task: 'forecast',
    roles: { date: 'Date' },
    notes: [
      {
        kind: 'date-step',
        column: 'Date',
        unit: 'month',
        every: 1,
        gaps: 3,
        missing: 5,
        firstGap: { after: '1958-05-01', before: '1958-07-01' },
      },
    ],
  },
  'fred-wti-daily.csv': {
    sha256: '46f155c06ad6945c33708cb9f35fb5abb3f27372c4c49f41ce6cdef6f0268739',
    format: 'csv',
    delimiter: ',',
    header: true,
    columns: [
      ['DATE', 'date'],
      ['DCOILWTICO', 'number'],
    ],
    records: 8574,
    task: 'forecast',
    roles: { date: 'DATE', target: 'DCOILWTICO' },
    notes: [
      { kind: 'missing-codes', column: 'DCOILWTICO', codes: ['.'], count: 284 },
      { kind: 'date-step', column: 'DATE', unit: 'business-day', every: 1, gaps: 0, missing: 0 },
    ],
  },
};

/** Files the importer must refuse in one line naming the file, the line and what to do. */
const REFUSED: Record<string, { sha256: string; message: RegExp }> = {
  'singlehop-indoor-mote1.txt': {
    sha256: '2f880d3df3de7f92e13bf04bd40f8d71972a592d82732c4b11b31344c266e53c',
    message:
      /^'singlehop-indoor-mote1\.txt': 4417 rows must have 1 fields like the header, but line 2 has 5, .*Check the delimiter \(tab\) and quoting, or fix those lines\.$/,
  },
  'sotu-1932-hoover.json': {
    sha256: 'f190a80ba095d94d2fe9fddcc564f85109ae0239b88f8d9404c01b21c35b744f',
    message:
      /^'sotu-1932-hoover\.json' line 1: no array of objects .* anywhere in the file\. Choose the path of the records or save the data as CSV\.$/,
  },
  'herndon-venus.json': {
    sha256: '6744713e745c3ff7994f8b42073f593aa1983539907a685d0a7cb99a35da9f4d',
    message: /^'herndon-venus\.json' line 1: no array of objects/,
  },
};

function bytesOf(name: string, sha256: string): Uint8Array {
  const bytes = readFileSync(join(DIR, name));
  expect(createHash('sha256').update(bytes).digest('hex'), `${name} sha256`).toBe(sha256);
  return bytes;
}

describe('files from the wild', () => {
  for (const [name, want] of Object.entries(WILD)) {
    it(`reads ${name}`, async () => {
      const got = await inspectBytes(bytesOf(name, want.sha256), { fileName: name });
      expect(got.encoding).toBe(want.encoding ?? 'utf-8');
      if (want.format === 'xlsx')
        expect(got).toMatchObject({ sheet: 'hourly', sheets: ['notes', 'hourly'] });
      expect(got.format).toBe(want.format);
      expect(got.delimiter).toBe(want.delimiter);
      expect(got.hasHeader).toBe(want.header);
      expect(got.rows).toBe(want.records);
      const shown = got.columns.slice(0, want.columns.length).map((c) => [c.name, c.type]);
      expect(shown).toEqual(want.columns);
      expect(got.suggestedTask).toBe(want.task);
      if (want.roles !== undefined) expect(got.roles).toMatchObject(want.roles);
      for (const note of want.notes ?? [])
        expect(got.notes).toContainEqual(expect.objectContaining(note));
      expect(got.notes.filter((n) => n.kind === 'sentinel')).toHaveLength(
        (want.notes ?? []).filter((n) => n.kind === 'sentinel').length,
      );
    });
  }

  for (const [name, want] of Object.entries(REFUSED)) {
    it(`refuses ${name} in one line`, async () => {
      const run = inspectBytes(bytesOf(name, want.sha256), { fileName: name });
      await expect(run).rejects.toThrow(want.message);
      const err = await run.catch((e: Error) => e);
      expect((err as Error).message.includes('\n')).toBe(false);
    });
  }

  it('reads thousands separators and percentages as numbers, and NA as a class where the column is a category', async () => {
    const pop = await readTable(bytesOf('state-pop.csv', WILD['state-pop.csv']?.sha256 as string), {
      fileName: 'state-pop.csv',
    });
    expect([...numericColumn(pop.table, 'totalPop').slice(0, 2)]).toEqual([4779736, 710231]);
    expect(numericColumn(pop.table, 'hispPop').reduce((a, b) => a + b, 0)).toBe(50477594);
    const news = await readTable(
      bytesOf('pulitzer-circulation.csv', WILD['pulitzer-circulation.csv']?.sha256 as string),
      { fileName: 'pulitzer-circulation.csv' },
    );
    expect([
      ...numericColumn(news.table, 'Change in Daily Circulation, 2004-2013').slice(0, 3),
    ]).toEqual([-24, 13, 67]);
    const birds = await inspectBytes(
      bytesOf('penguins.csv', WILD['penguins.csv']?.sha256 as string),
      { fileName: 'penguins.csv' },
    );
    expect(birds.columns[6]).toMatchObject({ name: 'sex', missing: 0, distinct: 3 });
    const lenses = await inspectBytes(
      bytesOf('contact-lenses.csv', WILD['contact-lenses.csv']?.sha256 as string),
      { fileName: 'contact-lenses.csv' },
    );
    expect(lenses.columns[4]).toMatchObject({ name: 'contact_lenses', missing: 0, distinct: 3 });
  });

  it('reads the UCI air-quality head as the trainer will: day-first hours, -200 missing once declared', async () => {
    const name = 'airquality-uci-head.csv';
    const bytes = bytesOf(name, 'c45df15c92ce0e55759ac503856074285592ea513b659949eb95945d861e778a');
    const { table, inspection } = await readTable(bytes, { fileName: name });
    const series = buildSeries(table, inspection.roles, { missing: 'ffill' });
    expect(series.times?.[0]).toBe(Date.UTC(2004, 2, 10, 18));
    expect(series.times?.[63]).toBe(Date.UTC(2004, 2, 13, 9));
    expect(series.report).toMatchObject({ stepMs: 3600_000, gaps: 0, sorted: false });
    const declared = await readTable(bytes, {
      fileName: name,
      reading: { missingCodes: ['-200'] },
    });
    expect(numericColumn(declared.table, 'CO_GT').filter(Number.isNaN)).toHaveLength(4);
    expect(declared.inspection.columns[2]).toMatchObject({ name: 'CO_GT', missing: 4, min: 0.6 });
  });

  it('reads the workbook made from it to the same hourly series, and names the sheets when one is missing', async () => {
    const name = 'airquality-uci-head.xlsx';
    const bytes = bytesOf(name, 'f260499df647e9c27f69500f4bebaff219d2da5fa5a252d648289e5671d33146');
    const { table, inspection } = await readTable(bytes, { fileName: name });
    expect(table.rows[0]?.slice(0, 3)).toEqual(['2004-03-10', '18:00:00', '2.6']);
    const series = buildSeries(table, inspection.roles, { missing: 'ffill' });
    expect(series.times?.[0]).toBe(Date.UTC(2004, 2, 10, 18));
    expect(series.times?.[63]).toBe(Date.UTC(2004, 2, 13, 9));
    expect(series.report).toMatchObject({ stepMs: 3600_000, gaps: 0 });
    await expect(
      inspectBytes(bytes, { fileName: name, reading: { sheet: 'daily' } }),
    ).rejects.toThrow(
      "'airquality-uci-head.xlsx': the sheet must be one of 'notes', 'hourly', got 'daily'. Choose a sheet of the workbook.",
    );
  });

  it('reads the Parquet file written from nightingales-rose.csv to the same table', async () => {
    const csv = await readTable(
      bytesOf('nightingales-rose.csv', WILD['nightingales-rose.csv']?.sha256 as string),
      { fileName: 'nightingales-rose.csv' },
    );
    const parquet = await readTable(
      bytesOf('nightingales-rose.parquet', WILD['nightingales-rose.parquet']?.sha256 as string),
      { fileName: 'nightingales-rose.parquet' },
    );
    expect(parquet.table.columns).toEqual(csv.table.columns);
    expect(parquet.table.rows.map((r) => r[0])).toEqual(
      csv.table.rows.map((r) => (r[0] as string).replace('.000Z', 'Z')),
    );
    expect(parquet.table.rows.map((r) => r.slice(1))).toEqual(
      csv.table.rows.map((r) => r.slice(1)),
    );
  });
});

describe('files from the wild that the importer used to misread', () => {
  const read = (name: string, reading?: ReadOptions) =>
    readTable(bytesOf(name, WILD[name]?.sha256 as string), { fileName: name, reading });

  it('reads the French bank export: windows-1252, data lines ending in a ; the header lacks, decimal commas', async () => {
    const { table, inspection } = await read('bank-statement-fr.csv');
    expect(inspection.reading.decisions.encoding).toMatchObject({
      evidence: { code: 'encoding-legacy', params: { encoding: 'windows-1252' } },
    });
    expect(table.columns[3]).toBe('Libellé');
    expect(table.rows.every((r) => r.length === 7)).toBe(true);
    expect([...numericColumn(table, 'Montant')]).toEqual([
      -440.2, -144.07, -144.07, -16, 45.89, -700, 465.89,
    ]);
  });

  it('takes the header of the language codes, although the English column holds English, on the shape of the codes', async () => {
    const { table, inspection } = await read('language-codes-3b2.csv');
    expect(inspection.notes.map((n) => n.kind)).not.toContain('header-uncertain');
    expect(table.rows).toContainEqual(['eng', 'en', 'English']);
  });

  it('reads the whole UCI air-quality file as an hourly series; every spelling of -200 declared is missing', async () => {
    const { table, inspection } = await read('airquality-uci.csv');
    const series = buildSeries(table, inspection.roles, { missing: 'ffill' });
    expect(series.times?.[0]).toBe(Date.UTC(2004, 2, 10, 18));
    expect(series.times?.at(-1)).toBe(Date.UTC(2005, 3, 4, 14));
    expect(series.report).toMatchObject({ stepMs: 3600_000, gaps: 0 });
    const co = inspection.notes.find((n) => n.kind === 'sentinel' && n.column === 'CO(GT)');
    const declared = await read('airquality-uci.csv', {
      missingCodes: co?.kind === 'sentinel' ? co.spellings : [],
    });
    expect(numericColumn(declared.table, 'CO(GT)').filter(Number.isNaN)).toHaveLength(1683);
  });

  it('decodes the Shift-JIS and GB18030 texts to the lines Python decodes', async () => {
    const sjis = await read('cpython-shift_jis.txt');
    expect(sjis.table.rows[0]).toEqual(['Python の開発は、1990 年ごろから開始されています。']);
    const gb = await read('cpython-gb18030.txt');
    expect(gb.table.rows[0]).toEqual([
      'Python（派森）语言是一种功能强大而完善的通用型计算机程序设计语言，',
    ]);
    expect(gb.table.rows.at(-1)).toEqual([
      '파이썬은 강력한 기능을 지닌 범용 컴퓨터 프로그래밍 언어다.',
    ]);
  });
});
