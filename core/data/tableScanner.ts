/** Header detection and a record-by-record scanner that counts rows, finds ragged lines and infers column types. */
import { DatasetError } from '../errors.ts';
import {
  ColumnAccumulator,
  type ColumnStats,
  isMissing,
  parseDate,
  parseNumber,
} from './columnTypes.ts';

/** How many ragged lines an error message lists. */
export const RAGGED_LINES_SHOWN = 5;

const IDENTIFIER_RE = /^[\p{L}_][\p{L}\p{N}_ ()/.#%-]{0,40}$/u;

function isNumeric(value: string): boolean {
  return !Number.isNaN(parseNumber(value));
}

/**
 * Decides whether the first record is a header, as Python's csv.Sniffer.has_header does: a column
 * whose values are numbers or dates under a non-numeric first cell votes for a header; a numeric
 * first cell votes against. With only text columns, a first row of short, distinct, label-like
 * names that never recur below is a header.
 * @param records the first records of the file (up to a few hundred)
 */
export function detectHeader(records: readonly string[][]): boolean {
  const first = records[0];
  if (first === undefined) return false;
  const rest = records.slice(1, 300).filter((r) => r.length === first.length);
  if (rest.length === 0) return first.every((v) => !isMissing(v) && !isNumeric(v));
  let votes = 0;
  first.forEach((cell, c) => {
    const values = rest.map((r) => r[c] as string).filter((v) => !isMissing(v));
    if (values.length === 0) return;
    const numeric = values.filter(isNumeric).length >= values.length * 0.9;
    const dates = values.filter((v) => !Number.isNaN(parseDate(v))).length >= values.length * 0.9;
    if (isNumeric(cell)) votes--;
    else if ((numeric || dates) && Number.isNaN(parseDate(cell))) votes++;
  });
  if (votes !== 0) return votes > 0;
  const names = first.map((v) => v.trim());
  return (
    names.every((n) => IDENTIFIER_RE.test(n) && !/[.!?]$/.test(n)) &&
    new Set(names).size === names.length &&
    names.every((n, c) => !rest.some((r) => (r[c] as string).trim() === n))
  );
}

/** Column names from a header record: blanks become `column N`, repeats get a suffix. */
export function headerNames(record: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return record.map((raw, c) => {
    const base = raw.trim() === '' ? `column ${c + 1}` : raw.trim();
    const times = seen.get(base) ?? 0;
    seen.set(base, times + 1);
    return times === 0 ? base : `${base} (${times + 1})`;
  });
}

/** What a scan of a table found. */
export interface TableScan {
  columns: ColumnStats[];
  rows: number;
  exampleRows: string[][];
}

/** Consumes records one at a time; bounded memory whatever the row count. */
export class TableScanner {
  private names: string[] | null = null;
  private accumulators: ColumnAccumulator[] = [];
  private rows = 0;
  private headerLine = 0;
  private headerText = '';
  private readonly ragged: { line: number; count: number }[] = [];
  private raggedTotal = 0;
  private readonly examples: string[][] = [];

  constructor(
    private readonly options: { fileName: string; hasHeader: boolean; delimiter: string },
  ) {}

  /** Records seen so far (data rows, without the header). */
  get rowCount(): number {
    return this.rows;
  }

  /** Adds one non-blank record starting at `line`. */
  add(fields: string[], line: number): void {
    if (this.names === null) {
      if (this.options.hasHeader) {
        this.names = headerNames(fields);
        this.headerLine = line;
        this.headerText = fields.join(this.options.delimiter);
        this.accumulators = this.names.map((n) => new ColumnAccumulator(n));
        return;
      }
      this.names = fields.map((_, c) => `column ${c + 1}`);
      this.accumulators = this.names.map((n) => new ColumnAccumulator(n));
    }
    if (fields.length !== this.names.length) {
      this.raggedTotal++;
      if (this.ragged.length < RAGGED_LINES_SHOWN) this.ragged.push({ line, count: fields.length });
      return;
    }
    this.rows++;
    for (let c = 0; c < fields.length; c++) this.accumulators[c]?.add(fields[c], line);
    if (this.examples.length < 5) this.examples.push(fields);
  }

  /**
   * Finishes the scan.
   * @throws DatasetError ('empty' | 'header-only' | 'ragged').
   */
  finish(): TableScan {
    const { fileName } = this.options;
    if (this.names === null) {
      throw new DatasetError(
        `'${fileName}' is empty. Choose a file with a header line and at least one data row.`,
        'empty',
      );
    }
    if (this.raggedTotal > 0) {
      const expected = this.names.length;
      const list = this.ragged.map((r) => `line ${r.line} has ${r.count}`).join(', ');
      const more =
        this.raggedTotal > this.ragged.length
          ? `, and ${this.raggedTotal - this.ragged.length} more`
          : '';
      const d = this.options.delimiter === '\t' ? 'tab' : `'${this.options.delimiter}'`;
      throw new DatasetError(
        `'${fileName}': ${this.raggedTotal} row${this.raggedTotal === 1 ? '' : 's'} must have ${expected} fields like the ${this.options.hasHeader ? 'header' : 'first row'}, but ${list}${more}. Check the delimiter (${d}) and quoting, or fix those lines.`,
        'ragged',
      );
    }
    if (this.rows === 0) {
      throw new DatasetError(
        `'${fileName}' line ${this.headerLine}: the file has a header ('${this.headerText.slice(0, 60)}') but no data rows. Add rows below the header or choose another file.`,
        'header-only',
      );
    }
    return {
      columns: this.accumulators.map((a) => a.stats()),
      rows: this.rows,
      exampleRows: this.examples,
    };
  }
}
