/** A whole table in memory (CSV/TSV/JSONL/text) and checked column access: numbers, labels, texts. */
import { DatasetError } from '../errors.ts';
import { cellNormaliser } from './cellReading.ts';
import { isBlank, isMissing } from './columnTypes.ts';
import { splitLines } from './conll.ts';
import type { DateOrder } from './dates.ts';
import { type Delimiter, parseDelimited, type Quoting } from './delimited.ts';
import { decodeBytes } from './encoding.ts';
import { type Inspection, inspectBytes } from './inspect.ts';
import { parseJsonRecords } from './jsonArray.ts';
import { cellOf, parseJsonlLine } from './jsonl.ts';
import { type NumberFormat, POINT_FORMAT, parseNumberAs } from './numbers.ts';
import { readParquetRecords } from './parquet.ts';
import type { ReadOptions } from './readOptions.ts';
import { readSheetRows } from './xlsx.ts';

/** Rows of a table with the line each starts on (for messages). */
export interface Table {
  fileName: string;
  columns: string[];
  rows: string[][];
  lines: number[];
  /** How numbers are written (default: decimal point). */
  numberFormat?: NumberFormat;
  /** The order of numeric dates (`31/01/2020`) per date column, as inspection decided it. */
  dateOrders?: Record<string, DateOrder>;
  /** Cells that mean "missing" besides blanks and `NA`-like codes. */
  missingCodes?: readonly string[];
}

/**
 * Inspects and reads a whole CSV/TSV/JSONL/plain-text file into a table (missing JSONL keys become
 * ''), with the reading options the user fixed (`reading`) and inspection's guesses for the rest;
 * data cells are rewritten as the options say (missing codes, decimal and thousands separators).
 * @throws DatasetError as {@link inspectBytes}; ('format') for CoNLL or YAML (read those with their parsers).
 */
export async function readTable(
  bytes: Uint8Array,
  options: { fileName: string; reading?: ReadOptions | undefined },
): Promise<{ table: Table; inspection: Inspection }> {
  const inspection = await inspectBytes(bytes, options);
  const { fileName } = options;
  const normalise = cellNormaliser(options.reading ?? {});
  // NOTE: a workbook is binary: its rows come from the sheet, never from decoded text.
  const text =
    inspection.format === 'xlsx' || inspection.format === 'parquet'
      ? ''
      : decodeBytes(bytes, { fileName, encoding: inspection.encoding }).text;
  const columns = inspection.columns.map((c) => c.name);
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
  if (inspection.format === 'parquet') {
    const records = await readParquetRecords(bytes, fileName);
    records.forEach((o, i) => {
      table.rows.push(columns.map((c) => cellOf(o[c]) ?? ''));
      table.lines.push(i + 1);
    });
  } else if (inspection.format === 'xlsx') {
    const sheet = readSheetRows(bytes, { fileName, sheet: inspection.sheet });
    const kept = inspection.columnIndexes;
    const skip = inspection.hasHeader ? (inspection.headerRows ?? 1) : 0;
    sheet.rows.slice(skip).forEach((r, i) => {
      const fields = kept === undefined ? r : kept.map((c) => r[c] as string);
      table.rows.push(normalise === null ? fields : normalise(fields));
      table.lines.push(sheet.lines[i + skip] as number);
    });
  } else if (inspection.format === 'csv' || inspection.format === 'tsv') {
    const records = parseDelimited(text, {
      delimiter: inspection.delimiter as Delimiter,
      quoting: inspection.quoting as Quoting,
      fileName,
    });
    const kept = inspection.columnIndexes;
    for (const r of records.slice(inspection.hasHeader ? (inspection.headerRows ?? 1) : 0)) {
      const fields = kept === undefined ? r.fields : kept.map((c) => r.fields[c] as string);
      table.rows.push(normalise === null ? fields : normalise(fields));
      table.lines.push(r.line);
    }
  } else if (inspection.format === 'json') {
    const found = parseJsonRecords(text, { fileName, jsonPath: inspection.jsonPath });
    found.records.forEach((o, i) => {
      table.rows.push(columns.map((c) => cellOf(o[c]) ?? ''));
      table.lines.push(found.lines[i] as number);
    });
  } else if (inspection.format === 'jsonl' || inspection.format === 'text') {
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '') return;
      if (inspection.format === 'text') table.rows.push([line]);
      else {
        const o = parseJsonlLine(line, i + 1, fileName);
        table.rows.push(columns.map((c) => cellOf(o[c]) ?? ''));
      }
      table.lines.push(i + 1);
    });
  } else {
    throw new DatasetError(
      `'${fileName}': a ${inspection.format} file is not a table. Read it with the tagging or dialog reader.`,
      'format',
    );
  }
  return { table, inspection };
}

/** True for a blank cell, an `NA`-like code or one of the table's missing codes: missing in a numeric column. */
export function isMissingIn(table: Table, raw: string | undefined): boolean {
  return isMissing(raw) || table.missingCodes?.includes((raw as string).trim()) === true;
}

/** The order each date column's numeric dates are read in: the data's decision, else the options'. */
function dateOrdersOf(
  inspection: Inspection,
  given: DateOrder | undefined,
): Record<string, DateOrder> {
  const orders: Record<string, DateOrder> = {};
  for (const c of inspection.columns) {
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
