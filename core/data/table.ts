/** A whole table in memory (CSV/TSV/JSONL/text) and checked column access: numbers, labels, texts. */

import { DatasetError } from '../errors.ts';
import type { FileBytes } from './byteSource.ts';
import { isBlank, isMissing } from './columnTypes.ts';
import type { DateOrder, DateReading } from './dates.ts';
import type { Inspection } from './inspect.ts';
import { type NumberFormat, POINT_FORMAT, parseNumberAs } from './numbers.ts';
import type { ReadOptions } from './readOptions.ts';
import { inspectForReading, streamRecords } from './recordStream.ts';

/** Rows of a table with the line each starts on (for messages). */
export interface Table {
  fileName: string;
  columns: string[];
  rows: string[][];
  lines: number[];
  /** How numbers are written (default: decimal point). */
  numberFormat?: NumberFormat;
  /** The order of numeric dates (`31/01/2020`) per date column, as inspection decided it. */
  dateOrders?: Record<string, DateReading>;
  /** Cells that mean "missing" besides blanks and `NA`-like codes. */
  missingCodes?: readonly string[];
}

/**
 * Inspects and reads a CSV/TSV/JSON/JSONL/plain-text/workbook/Parquet file into a table (missing
 * JSON keys become ''), with the reading options the user fixed (`reading`) and inspection's
 * guesses for the rest; data cells are rewritten as the options say (missing codes, decimal and
 * thousands separators). Text files are streamed a slice at a time. With `keep`, only those columns
 * are stored (the table's `columns` are then `keep`, in that order), so a big file costs its kept
 * cells, not all of them.
 * @throws DatasetError as {@link inspectForReading}; ('format') for CoNLL or YAML (read those with
 *   their parsers) and for a kept column the file lacks.
 */
export async function readTable(
  bytes: FileBytes,
  options: {
    fileName: string;
    reading?: ReadOptions | undefined;
    /** The columns to store, chosen once the file is inspected (default all). */
    keep?: (inspection: Inspection) => readonly string[];
  },
): Promise<{ table: Table; inspection: Inspection }> {
  const { keep, ...inspectOptions } = options;
  const inspection = await inspectForReading(bytes, inspectOptions);
  const { fileName } = options;
  const all = inspection.columns.map((c) => c.name);
  const columns = keep === undefined ? all : [...new Set(keep(inspection))];
  const table: Table = {
    fileName,
    columns,
    rows: [],
    lines: [],
    ...(inspection.numberFormat !== undefined ? { numberFormat: inspection.numberFormat } : {}),
    ...(options.reading?.missingCodes !== undefined
      ? { missingCodes: options.reading.missingCodes }
      : {}),
    dateOrders: dateOrdersOf(inspection, options.reading?.dateOrder),
  };
  const picks = columns.map((c) => columnIndex({ ...table, columns: all }, c));
  const whole = keep === undefined;
  await streamRecords(bytes, inspection, {
    fileName,
    reading: options.reading,
    onRecord: (fields, line) => {
      table.rows.push(whole ? (fields as string[]) : picks.map((c) => fields[c] ?? ''));
      table.lines.push(line);
    },
  });
  return { table, inspection };
}

/** True for a blank cell, an `NA`-like code or one of the table's missing codes: missing in a numeric column. */
export function isMissingIn(table: Table, raw: string | undefined): boolean {
  return isMissing(raw) || table.missingCodes?.includes((raw as string).trim()) === true;
}

/** The order each date column's numeric dates are read in: the data's decision, else the options'. */
export function dateOrdersOf(
  inspection: Inspection,
  given: DateOrder | undefined,
): Record<string, DateReading> {
  const orders: Record<string, DateReading> = {};
  for (const c of inspection.columns) {
    if (c.excelSerial === true) {
      orders[c.name] = 'excel-serial';
      continue;
    }
    const o = c.dateOrder === 'ambiguous' || c.dateOrder === undefined ? given : c.dateOrder;
    if (c.type === 'date' && o !== undefined) orders[c.name] = o;
  }
  return orders;
}

/** Index of column `name`. @throws DatasetError ('format') when the table has no such column. */
export function columnIndex(table: Table, name: string): number {
  const i = table.columns.indexOf(name);
  if (i === -1) {
    throw new DatasetError(
      `'${table.fileName}': the column must be one of ${table.columns.map((c) => `'${c}'`).join(', ')}, got '${name}'. Choose an existing column.`,
      'format',
    );
  }
  return i;
}

function requireSomeValue(table: Table, name: string, index: number, numeric: boolean): void {
  const absent = numeric ? (v: string | undefined) => isMissingIn(table, v) : isBlank;
  if (table.rows.every((r) => absent(r[index]))) {
    throw new DatasetError(
      `'${table.fileName}', column '${name}': every value is missing (${table.rows.length} rows). Choose another column or fill it in.`,
      'all-missing',
      {
        key: 'all-missing',
        params: { file: table.fileName, column: name, rows: table.rows.length },
      },
    );
  }
}

/**
 * Values of a numeric column `[rows]`; missing values are NaN.
 * @throws DatasetError ('all-missing') when every value is missing, ('not-numeric') at the first
 *   value that is not a number, naming its line.
 */
export function numericColumn(table: Table, name: string): Float64Array {
  const c = columnIndex(table, name);
  requireSomeValue(table, name, c, true);
  const format = table.numberFormat ?? POINT_FORMAT;
  return Float64Array.from(table.rows, (r, i) => {
    const raw = r[c] as string;
    if (isMissingIn(table, raw)) return Number.NaN;
    const v = parseNumberAs(raw, format);
    if (Number.isNaN(v)) {
      throw new DatasetError(
        `'${table.fileName}' line ${table.lines[i]}, column '${name}': '${raw}' is not a number, but the column must be numeric. Fix the value, leave it empty to mark it missing, or choose another column.`,
        'not-numeric',
        {
          key: 'not-numeric',
          params: { file: table.fileName, line: table.lines[i] ?? 0, column: name, value: raw },
        },
      );
    }
    return v;
  });
}

/**
 * Values of a text or label column `[rows]` (trimmed for labels); missing values are ''.
 * @throws DatasetError ('all-missing') when every value is missing.
 */
export function textColumn(
  table: Table,
  name: string,
  options: { trim: boolean } = { trim: false },
): string[] {
  const c = columnIndex(table, name);
  requireSomeValue(table, name, c, false);
  return table.rows.map((r) => {
    const raw = r[c] as string;
    if (isBlank(raw) || table.missingCodes?.includes(raw.trim()) === true) return '';
    return options.trim ? raw.trim() : raw;
  });
}
