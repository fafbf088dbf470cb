/** A whole table in memory (CSV/TSV/JSONL/text) and checked column access: numbers, labels, texts. */
import { DatasetError } from '../errors.ts';
import { cellNormaliser } from './cellReading.ts';
import { isMissing, parseNumber } from './columnTypes.ts';
import { splitLines } from './conll.ts';
import { type Delimiter, parseDelimited, type Quoting } from './delimited.ts';
import { decodeBytes } from './encoding.ts';
import { type Inspection, inspectBytes } from './inspect.ts';
import { cellOf, parseJsonlLine } from './jsonl.ts';
import type { ReadOptions } from './readOptions.ts';

/** Rows of a table with the line each starts on (for messages). */
export interface Table {
  fileName: string;
  columns: string[];
  rows: string[][];
  lines: number[];
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
  const { text } = decodeBytes(bytes, { fileName, encoding: inspection.encoding });
  const columns = inspection.columns.map((c) => c.name);
  const table: Table = { fileName, columns, rows: [], lines: [] };
  if (inspection.format === 'csv' || inspection.format === 'tsv') {
    const records = parseDelimited(text, {
      delimiter: inspection.delimiter as Delimiter,
      quoting: inspection.quoting as Quoting,
      fileName,
    });
    for (const r of records.slice(inspection.hasHeader ? 1 : 0)) {
      table.rows.push(normalise === null ? r.fields : normalise(r.fields));
      table.lines.push(r.line);
    }
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
