/** Excel serial dates in a text table (`43831` for 2020-01-01): which numeric columns hold them, decided by evidence, and how they read. */
import type { ColumnStats } from './columnTypes.ts';
import { EXCEL_SERIALS, excelSerialToMs } from './dates.ts';
import type { ReadingRecorder } from './readingReport.ts';
import type { ReadOptions } from './readOptions.ts';

/** Names of columns that hold dates, in the languages analysts write them. */
// NOTE: not `time` or `data`: elapsed seconds and measurements go by those names.
export const DATE_NAME = /date|day|datum|fecha|jour|日付|날짜|일자|日期|(^|[^a-z])dt($|[^a-z])/i;

/** The ISO date (`2020-01-01`) of a serial, for notes. */
function isoDay(serial: string): string {
  const ms = excelSerialToMs(serial);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
}

/** True when every value of a numeric column is a plausible Excel serial day. */
function plausible(c: ColumnStats): boolean {
  return (
    (c.type === 'integer' || c.type === 'number') &&
    c.present > 0 &&
    c.invalid === 0 &&
    (c.min as number) >= EXCEL_SERIALS.min &&
    (c.max as number) <= EXCEL_SERIALS.max + 1 &&
    c.min !== c.max
  );
}

/**
 * Reads numeric columns as Excel serial dates where the evidence says so: every value is a serial
 * between 1927 and 2099 and the column is named like a date (`Date`, `order_day`, `날짜`). With
 * `serialDates: 'excel'` the same columns are read as dates, and when no such column is named like
 * a date, the first plausible one is (the user said the file has serial dates; a sales column of
 * 20000s beside them must not become dates too, and a guess recorded as `'excel'` must read the
 * same again). With `'none'` nothing is converted. Converted columns become `date` columns (min/max
 * in ms) marked `excelSerial`; the decision and its evidence go to `recorder`.
 */
export function readExcelSerials(
  columns: ColumnStats[],
  user: ReadOptions,
  recorder: ReadingRecorder,
): ColumnStats[] {
  if (user.serialDates === 'none') return columns;
  const candidates = columns.filter(plausible);
  const named = candidates.filter((c) => DATE_NAME.test(c.name));
  const chosen = new Set(
    named.length > 0 || user.serialDates !== 'excel' ? named : candidates.slice(0, 1),
  );
  let first: ColumnStats | undefined;
  const out = columns.map((c) => {
    if (!chosen.has(c)) return c;
    first ??= c;
    const { sentinel: _sentinel, rowIndex: _rowIndex, ...rest } = c;
    return {
      ...rest,
      type: 'date' as const,
      min: excelSerialToMs(String(c.min)),
      max: excelSerialToMs(String(c.max)),
      excelSerial: true,
    };
  });
  if (first !== undefined) {
    const example = first.examples[0] ?? String(first.min);
    recorder.decide('serialDates', 'excel', {
      code: 'excel-serial',
      params: { column: first.name, example, date: isoDay(example) },
      text: `Column '${first.name}' holds numbers such as ${example} that read as Excel dates (${isoDay(example)}).`,
    });
  }
  return out;
}

/** The note for a column read as Excel serial dates. */
export function excelSerialNote(c: ColumnStats): {
  kind: 'excel-dates';
  column: string;
  example: string;
  date: string;
  text: string;
} {
  const example = c.examples[0] ?? '';
  const date = isoDay(example);
  return {
    kind: 'excel-dates',
    column: c.name,
    example,
    date,
    text: `Column '${c.name}': numbers such as ${example} were read as Excel dates (${date}). If they are plain numbers, turn Excel dates off in the reading options.`,
  };
}
