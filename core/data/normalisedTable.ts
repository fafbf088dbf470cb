/** The table `rnn-studio convert` writes: every reading decision applied to the cells, so any CSV reader gets what the app reads (ISO-8601 dates, plain numbers, missing as empty). */
import { parseDateAs } from './dates.ts';
import type { Inspection } from './inspect.ts';
import { POINT_FORMAT, parseNumberAs } from './numbers.ts';
import { isMissingIn, type Table } from './table.ts';

const DAY_MS = 86_400_000;

/** `2020-01-31` for a whole UTC day, else `2020-01-31T09:30:00Z` (milliseconds only when present). */
function isoOf(ms: number, dayOnly: boolean): string {
  const iso = new Date(ms).toISOString();
  if (dayOnly) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

/** Each date column's cells as ISO-8601 (read in the column's date order or as Excel serials); a cell that is no date becomes empty. */
function isoDates(table: Table, c: number, name: string): void {
  const order = table.dateOrders?.[name];
  const times = table.rows.map((r) =>
    isMissingIn(table, r[c]) ? Number.NaN : parseDateAs(r[c] ?? '', order),
  );
  const dayOnly = times.every((t) => Number.isNaN(t) || t % DAY_MS === 0);
  table.rows.forEach((r, i) => {
    const t = times[i] as number;
    r[c] = Number.isNaN(t) ? '' : isoOf(t, dayOnly);
  });
}

/** Each numeric column's cells as the number the app reads (`1.234,5` → `1234.5`, `5%` → `0.05`); missing values become empty, a cell that is no number is kept. */
function plainNumbers(table: Table, c: number): void {
  const format = table.numberFormat ?? POINT_FORMAT;
  for (const r of table.rows) {
    if (isMissingIn(table, r[c])) {
      r[c] = '';
      continue;
    }
    const n = parseNumberAs(r[c] ?? '', format);
    if (!Number.isNaN(n)) r[c] = String(n);
  }
}

/**
 * Rewrites a table's cells (in place) the way the app reads them: date columns (day-first,
 * month-first, dotted, named months, offsets, Excel serial days) as ISO-8601 in UTC (`YYYY-MM-DD`
 * when every value is a whole day), numeric columns with a decimal point and no grouping, missing
 * codes in numeric and date columns as empty cells. Text, category and time-of-day columns are
 * kept as written.
 */
export function normaliseTable(table: Table, inspection: Pick<Inspection, 'columns'>): Table {
  const types = new Map(inspection.columns.map((c) => [c.name, c.type]));
  table.columns.forEach((name, c) => {
    const type = types.get(name);
    if (type === 'date') isoDates(table, c, name);
    else if (type === 'integer' || type === 'number') plainNumbers(table, c);
  });
  return table;
}
