/** A whole table in memory (CSV/TSV/JSONL/text) and checked column access: numbers, labels, texts. */
import { DatasetError } from '../errors.ts';
import { isMissing, parseNumber } from './columnTypes.ts';
import type { Inspection, InspectOverrides } from './inspect.ts';
import { inspectForReading, streamRecords } from './recordStream.ts';

/** Rows of a table with the line each starts on (for messages). */
export interface Table {
  fileName: string;
  columns: string[];
  rows: string[][];
  lines: number[];
}

/**
 * Inspects and reads a CSV/TSV/JSONL/plain-text file into a table (missing JSONL keys become ''),
 * streaming its bytes a slice at a time. With `keep`, only those columns are stored (the table's
 * `columns` are then `keep`, in that order), so a big file costs its kept cells, not all of them.
 * @throws DatasetError as {@link inspectForReading}; ('format') for CoNLL or YAML (read those with
 *   their parsers) and for a kept column the file lacks.
 */
export async function readTable(
  bytes: Uint8Array,
  options: {
    fileName: string;
    /** The columns to store, chosen once the file is inspected (default all). */
    keep?: (inspection: Inspection) => readonly string[];
  } & InspectOverrides,
): Promise<{ table: Table; inspection: Inspection }> {
  const { keep, ...inspectOptions } = options;
  const inspection = await inspectForReading(bytes, inspectOptions);
  const { fileName } = options;
  const all = inspection.columns.map((c) => c.name);
  const columns = keep === undefined ? all : [...new Set(keep(inspection))];
  const table: Table = { fileName, columns, rows: [], lines: [] };
  const picks = columns.map((c) => columnIndex({ ...table, columns: all }, c));
  const whole = keep === undefined;
  await streamRecords(bytes, inspection, {
    fileName,
    onRecord: (fields, line) => {
      table.rows.push(whole ? (fields as string[]) : picks.map((c) => fields[c] ?? ''));
      table.lines.push(line);
    },
  });
  return { table, inspection };
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

function requireSomeValue(table: Table, name: string, index: number): void {
  if (table.rows.every((r) => isMissing(r[index]))) {
    throw new DatasetError(
      `'${table.fileName}', column '${name}': every value is missing (${table.rows.length} rows). Choose another column or fill it in.`,
      'all-missing',
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
  requireSomeValue(table, name, c);
  return Float64Array.from(table.rows, (r, i) => {
    const raw = r[c] as string;
    if (isMissing(raw)) return Number.NaN;
    const v = parseNumber(raw);
    if (Number.isNaN(v)) {
      throw new DatasetError(
        `'${table.fileName}' line ${table.lines[i]}, column '${name}': '${raw}' is not a number, but the column must be numeric. Fix the value, leave it empty to mark it missing, or choose another column.`,
        'not-numeric',
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
  requireSomeValue(table, name, c);
  return table.rows.map((r) => {
    const raw = r[c] as string;
    if (isMissing(raw) && raw.trim() === '') return '';
    return options.trim ? raw.trim() : raw;
  });
}
