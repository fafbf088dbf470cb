/** Tests of the Data section's derived-column helpers: sources, the name rule, adding, removing with dependents, carrying to another file (through the store) and computing over the preview. */
import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../../core/data/index.ts';
import type { DerivedColumn } from '../../../core/tasks/spec.ts';
import { createStudioStore, type StudioStore } from '../../app/store.ts';
import {
  addDerived,
  carryDerived,
  commitDerived,
  type DerivedDraft,
  derivedForColumns,
  derivedLabel,
  derivedPreview,
  derivedSources,
  draftProblem,
  removeDerived,
} from './derivedColumns.ts';
import { inspectFile } from './inspectFile.ts';

function column(name: string, type: ColumnInfo['type']): ColumnInfo {
  return { name, type, missing: 0, distinct: 10, distinctCapped: false, invalid: 0, examples: [] };
}

/** The columns of a stock file: a date, OHLC prices, the volume and a ticker. */
const STOCK = [
  column('Date', 'date'),
  column('Open', 'number'),
  column('High', 'number'),
  column('Low', 'number'),
  column('Close', 'number'),
  column('Volume', 'integer'),
  column('Ticker', 'category'),
];
const RANGE: DerivedColumn = { name: 'Range', op: 'subtract', left: 'High', right: 'Low' };
const draft = (d: Partial<DerivedDraft>): DerivedDraft => ({
  name: 'Range',
  left: 'High',
  op: 'subtract',
  right: 'Low',
  ...d,
});

describe('derivedSources', () => {
  it('offers the numeric columns, then the derived ones, and no date or text column', () => {
    expect(derivedSources(STOCK, [RANGE])).toEqual([
      'Open',
      'High',
      'Low',
      'Close',
      'Volume',
      'Range',
    ]);
  });
});

describe('draftProblem', () => {
  it('accepts a new name over two numeric columns', () => {
    expect(draftProblem(draft({}), STOCK, [])).toBeNull();
  });

  it('refuses an empty or blank name', () => {
    expect(draftProblem(draft({ name: '' }), STOCK, [])).toEqual({ kind: 'nameEmpty' });
    expect(draftProblem(draft({ name: '   ' }), STOCK, [])).toEqual({ kind: 'nameEmpty' });
  });

  it('refuses the name of any file column (even a non-numeric one) or derived column, trimmed', () => {
    expect(draftProblem(draft({ name: ' High ' }), STOCK, [])).toEqual({
      kind: 'nameTaken',
      name: 'High',
    });
    expect(draftProblem(draft({ name: 'Ticker' }), STOCK, [])).toEqual({
      kind: 'nameTaken',
      name: 'Ticker',
    });
    expect(draftProblem(draft({ name: 'Range' }), STOCK, [RANGE])).toEqual({
      kind: 'nameTaken',
      name: 'Range',
    });
  });

  it('refuses a source that is not a numeric or derived column', () => {
    expect(draftProblem(draft({ left: 'Ticker' }), STOCK, [])).toEqual({ kind: 'sourceMissing' });
    expect(draftProblem(draft({ right: '' }), STOCK, [])).toEqual({ kind: 'sourceMissing' });
    expect(
      draftProblem(draft({ name: 'Pct', left: 'Range', op: 'divide', right: 'Close' }), STOCK, [
        RANGE,
      ]),
    ).toBeNull();
  });
});

describe('addDerived and removeDerived', () => {
  it('appends the definition with its name trimmed', () => {
    expect(addDerived([], draft({ name: '  Range ' }))).toEqual([RANGE]);
  });

  it('removes a column and every later column computed from it, directly or not', () => {
    const pct: DerivedColumn = { name: 'Pct', op: 'divide', left: 'Range', right: 'Close' };
    const scaled: DerivedColumn = { name: 'Scaled', op: 'multiply', left: 'Pct', right: 'Volume' };
    const mid: DerivedColumn = { name: 'Mid', op: 'add', left: 'High', right: 'Low' };
    expect(removeDerived([RANGE, pct, mid, scaled], 'Range')).toEqual({
      defs: [mid],
      removed: ['Range', 'Pct', 'Scaled'],
    });
    expect(removeDerived([RANGE, mid], 'Mid')).toEqual({ defs: [RANGE], removed: ['Mid'] });
  });
});

describe('derivedForColumns', () => {
  it('keeps the definitions another file can compute, in order, and drops the rest', () => {
    const pct: DerivedColumn = { name: 'Pct', op: 'divide', left: 'Range', right: 'Close' };
    const gap: DerivedColumn = { name: 'Gap', op: 'subtract', left: 'Open', right: 'PrevClose' };
    expect(derivedForColumns([RANGE, pct, gap], ['Date', 'High', 'Low', 'Close'])).toEqual([
      RANGE,
      pct,
    ]);
    // Without Low, Range goes, and Pct with it; a file column named like a definition wins.
    expect(derivedForColumns([RANGE, pct], ['High', 'Close'])).toEqual([]);
    expect(derivedForColumns([RANGE], ['High', 'Low', 'Range'])).toEqual([]);
  });
});

describe('derivedLabel', () => {
  it('shows the name with its formula', () => {
    expect(derivedLabel(RANGE)).toBe('Range (High − Low)');
  });
});

describe('derivedPreview', () => {
  const preview = {
    columns: ['Date', 'High', 'Low'],
    rows: [
      ['2024-01-02', '105', '100'],
      ['2024-01-03', '', '99'],
      ['2024-01-04', '103.5', '101'],
    ],
    complete: true,
  };
  const file = { fileName: 'stock.csv', hasHeader: true };

  it('appends each derived column row by row, a missing source giving a missing value', () => {
    expect(derivedPreview(preview, file, [RANGE])).toEqual({
      ok: true,
      columns: ['Date', 'High', 'Low', 'Range'],
      rows: [
        ['2024-01-02', '105', '100', '5'],
        ['2024-01-03', '', '99', ''],
        ['2024-01-04', '103.5', '101', '2.5'],
      ],
    });
  });

  it('gives the preview itself without derived columns', () => {
    expect(derivedPreview(preview, file, [])).toEqual({
      ok: true,
      columns: preview.columns,
      rows: preview.rows,
    });
  });

  it("returns the core's message, naming the file line, for a source value that is not a number", () => {
    const bad = {
      ...preview,
      rows: [
        ['2024-01-02', '105', '100'],
        ['2024-01-03', 'n/a?', '99'],
      ],
    };
    expect(derivedPreview(bad, file, [RANGE])).toEqual({
      ok: false,
      message:
        "'stock.csv' line 3, column 'High' (a source of derived column 'Range'): 'n/a?' is not a number, but a derived column needs numbers. Fix the value, leave it empty to mark it missing, or choose another column.",
    });
  });
});

/** Loads `csv` into `store` as a file, as the Data section's import does (carrying derived columns). */
async function load(
  store: StudioStore,
  csv: string,
  options: { reinspect: boolean } = { reinspect: false },
): Promise<void> {
  const file = new File([csv], 'stock.csv', { type: 'text/csv' });
  const { inspection, preview } = await inspectFile(file, { fileName: file.name });
  const before = store.getState();
  const dataset = { file, reading: {}, inspection, preview };
  if (options.reinspect) store.replaceDataset(dataset);
  else store.loadDataset(dataset);
  carryDerived(store, before, options);
}

function ohlc(header: string): string {
  const rows = [header];
  for (let i = 1; i <= 30; i++) {
    const day = String(i).padStart(2, '0');
    const values = header
      .split(',')
      .slice(1)
      .map((_, k) => String(100 + i + k));
    rows.push([`2024-01-${day}`, ...values].join(','));
  }
  return `${rows.join('\n')}\n`;
}

describe('commitDerived and carryDerived', () => {
  const MID: DerivedColumn = { name: 'Mid', op: 'add', left: 'High', right: 'Low' };

  it('keeps a derived target and features through a re-inspection of the same columns', async () => {
    const store = createStudioStore();
    await load(store, ohlc('Date,Open,High,Low,Close'));
    expect(store.getState().spec.task).toBe('forecast');
    commitDerived(store, [RANGE]);
    store.setRoles({ ...store.getState().roles, target: 'Range', features: ['Open'] });
    await load(store, ohlc('Date,Open,High,Low,Close'), { reinspect: true });
    const { spec, roles } = store.getState();
    expect(spec.data.derivedColumns).toEqual([RANGE]);
    expect(spec.data.targetColumn).toBe('Range');
    expect(roles.target).toBe('Range');
    expect(roles.features).toEqual(['Open']);
  });

  it('keeps on another file the definitions its columns can compute and drops the others', async () => {
    const store = createStudioStore();
    await load(store, ohlc('Date,Open,High,Low,Close'));
    const gap: DerivedColumn = { name: 'Gap', op: 'subtract', left: 'Open', right: 'Close' };
    commitDerived(store, [RANGE, gap, MID]);
    await load(store, ohlc('Date,Open,High,Low,Volume'));
    expect(store.getState().spec.data.derivedColumns).toEqual([RANGE, MID]);
    // A file with neither High nor Low keeps none.
    await load(store, ohlc('Date,Open,Close'));
    expect(store.getState().spec.data.derivedColumns).toBeUndefined();
  });

  it('takes a removed derived column out of the target, the features and spec.data', async () => {
    const store = createStudioStore();
    await load(store, ohlc('Date,Open,High,Low,Close'));
    commitDerived(store, [RANGE, MID]);
    store.setRoles({ ...store.getState().roles, target: 'Range', features: ['Open', 'Mid'] });
    commitDerived(store, removeDerived([RANGE, MID], 'Range').defs);
    const { spec, roles } = store.getState();
    expect(spec.data.derivedColumns).toEqual([MID]);
    expect(spec.data.targetColumn).toBeUndefined();
    expect(spec.data.featureColumns).toEqual(['Open', 'Mid']);
    expect(roles.target).toBeUndefined();
  });

  it('shelves the derived columns while another task is chosen and brings them back for forecast', async () => {
    const store = createStudioStore();
    await load(store, ohlc('Date,Open,High,Low,Close'));
    commitDerived(store, [RANGE, MID]);
    store.setTask('classify');
    expect(store.getState().spec.data.derivedColumns).toBeUndefined();
    store.setTask('forecast');
    expect(store.getState().spec.data.derivedColumns).toEqual([RANGE, MID]);
    // Removed ones stay removed, and another file starts with none shelved.
    commitDerived(store, []);
    store.setTask('classify');
    store.setTask('forecast');
    expect(store.getState().spec.data.derivedColumns).toBeUndefined();
    commitDerived(store, [RANGE]);
    store.setTask('generate');
    await load(store, ohlc('Date,Open,High,Low,Close'));
    store.setTask('forecast');
    expect(store.getState().spec.data.derivedColumns).toBeUndefined();
  });
});
