/** A record-by-record table scanner: counts rows, finds ragged lines, infers column types and the file's number format. */
import { DatasetError } from '../errors.ts';
import { ColumnAccumulator, type ColumnStats, isMissing, type ReadContext } from './columnTypes.ts';
import { ColumnSteps, MAX_STEP_COLUMNS } from './dateSteps.ts';
import { type DateOrder, excelSerialToMs, parseDateCell } from './dates.ts';
import { withoutTrailingBlank } from './delimited.ts';
import { DATE_NAME } from './excelSerial.ts';
import { headerNames } from './header.ts';
import {
  decideNumberFormat,
  emptyNumberEvidence,
  mergeNumberEvidence,
  type NumberEvidence,
  type NumberFormat,
} from './numbers.ts';

export { detectHeader, headerNames, judgeHeader } from './header.ts';

/** How many ragged lines an error message lists. */
export const RAGGED_LINES_SHOWN = 5;
/** Columns inspection types and reports; wider files are read, but only these are described. */
export const MAX_REPORTED_COLUMNS = 500;

/** What a scan of a table found. */
export interface TableScan {
  columns: ColumnStats[];
  rows: number;
  exampleRows: string[][];
  /** 0-based positions in the file of `columns` (all-empty columns are left out). */
  columnIndexes: number[];
  /** Names of the columns left out because no row has a value in them. */
  emptyColumns: string[];
  /** Columns in the file (more than `columns` when the file is wider than the cap). */
  totalColumns: number;
  /** The number format used to read numbers, and whether the file decided it. */
  numberFormat: NumberFormat;
  numberEvidence: NumberEvidence;
  /** Step tallies of the first date-like columns (by their position in the record). */
  dateSteps: ColumnSteps[];
}

/** Options of a {@link TableScanner}. */
export interface TableScannerOptions {
  fileName: string;
  hasHeader: boolean;
  /** Rows forming the header (default 1). */
  headerRows?: number;
  delimiter: string;
  /** Cells that mean "missing" in any column (`-999`). */
  missingCodes?: readonly string[] | undefined;
  /** The number format to read with; decided from the data when absent. */
  numberFormat?: NumberFormat | undefined;
  dateOrder?: DateOrder | undefined;
  /** Columns to type and report (default {@link MAX_REPORTED_COLUMNS}). */
  maxColumns?: number;
}

/** Consumes records one at a time; bounded memory whatever the row count. */
export class TableScanner {
  private names: string[] | null = null;
  /** Fields per record (the header's or the first row's), however many are described. */
  private width = 0;
  private pendingHeader: string[][] = [];
  private accumulators: ColumnAccumulator[] = [];
  private rows = 0;
  private headerLine = 0;
  private headerText = '';
  private readonly ragged: { line: number; count: number }[] = [];
  private raggedTotal = 0;
  private readonly examples: string[][] = [];
  /** Columns whose first value is not seen yet (to decide whether to tally their steps). */
  private readonly stepPending = new Set<number>();
  private readonly steps: ColumnSteps[] = [];

  constructor(private readonly options: TableScannerOptions) {}

  /** Records seen so far (data rows, without the header). */
  get rowCount(): number {
    return this.rows;
  }

  private get cap(): number {
    return this.options.maxColumns ?? MAX_REPORTED_COLUMNS;
  }

  /** Starts the columns: `width` fields per record, the first of them named `names`. */
  private start(width: number, names: string[]): void {
    this.width = width;
    this.names = names;
    const missingCodes = this.options.missingCodes;
    this.accumulators = names.map((n) => new ColumnAccumulator(n, { missingCodes }));
    for (let c = 0; c < names.length; c++) this.stepPending.add(c);
  }

  /** Tallies the steps of date columns; a column is tracked from its first value if that is a date. */
  private trackSteps(fields: string[]): void {
    const names = this.names as string[];
    for (const c of this.stepPending) {
      const v = (fields[c] ?? '').trim();
      if (isMissing(v)) continue;
      this.stepPending.delete(c);
      if (this.steps.length >= MAX_STEP_COLUMNS) continue;
      const serial = DATE_NAME.test(names[c] as string) && !Number.isNaN(excelSerialToMs(v));
      if (serial || parseDateCell(v) !== null) {
        this.steps.push(new ColumnSteps(c, serial, v, fields[c + 1]));
      }
    }
    for (const s of this.steps) s.add(fields[s.column], fields[s.column + 1]);
  }

  /** Adds one non-blank record starting at `line`. */
  add(fields: string[], line: number): void {
    if (this.names === null) {
      if (this.options.hasHeader) {
        this.pendingHeader.push(fields);
        if (this.pendingHeader.length === 1) {
          this.headerLine = line;
          this.headerText = fields.slice(0, 20).join(this.options.delimiter);
        }
        if (this.pendingHeader.length < (this.options.headerRows ?? 1)) return;
        const [upper, lower] = this.pendingHeader as [string[], string[] | undefined];
        const cap = this.cap;
        this.start(upper.length, headerNames(upper.slice(0, cap), lower?.slice(0, cap)));
        return;
      }
      const shown = Math.min(fields.length, this.cap);
      this.start(
        fields.length,
        Array.from({ length: shown }, (_, c) => `column ${c + 1}`),
      );
    }
    const width = this.width;
    fields = withoutTrailingBlank(fields, width);
    if (fields.length !== width) {
      this.raggedTotal++;
      if (this.ragged.length < RAGGED_LINES_SHOWN) this.ragged.push({ line, count: fields.length });
      return;
    }
    this.rows++;
    this.trackSteps(fields);
    const accs = this.accumulators;
    for (let c = 0; c < accs.length; c++) accs[c]?.add(fields[c], line);
    if (this.examples.length < 5) this.examples.push(fields.slice(0, accs.length));
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
        { key: 'empty-file', params: { file: fileName } },
      );
    }
    if (this.raggedTotal > 0) throw this.raggedError(this.width);
    if (this.rows === 0) {
      throw new DatasetError(
        `'${fileName}' line ${this.headerLine}: the file has a header ('${this.headerText.slice(0, 60)}') but no data rows. Add rows below the header or choose another file.`,
        'header-only',
        {
          key: 'header-only',
          params: { file: fileName, line: this.headerLine, header: this.headerText.slice(0, 60) },
        },
      );
    }
    const evidence = emptyNumberEvidence();
    for (const a of this.accumulators) mergeNumberEvidence(evidence, a.evidence);
    const numberFormat = this.options.numberFormat ?? decideNumberFormat(evidence);
    const context: ReadContext = { number: numberFormat, dateOrder: this.options.dateOrder };
    const all = this.accumulators.map((a) => a.stats(context));
    const keep = all.map((s, c) => ({ s, c })).filter(({ s }) => !isEmpty(s));
    return {
      columns: keep.map(({ s }) => s),
      rows: this.rows,
      exampleRows: this.examples.map((r) => keep.map(({ c }) => r[c] as string)),
      columnIndexes: keep.map(({ c }) => c),
      emptyColumns: all.filter(isEmpty).map((s) => s.name),
      totalColumns: this.width,
      numberFormat,
      numberEvidence: evidence,
      dateSteps: this.steps,
    };
  }

  private raggedError(expected: number): DatasetError {
    const list = this.ragged.map((r) => `line ${r.line} has ${r.count}`).join(', ');
    const more =
      this.raggedTotal > this.ragged.length
        ? `, and ${this.raggedTotal - this.ragged.length} more`
        : '';
    const d = this.options.delimiter === '\t' ? 'tab' : `'${this.options.delimiter}'`;
    return new DatasetError(
      `'${this.options.fileName}': ${this.raggedTotal} row${this.raggedTotal === 1 ? '' : 's'} must have ${expected} fields like the ${this.options.hasHeader ? 'header' : 'first row'}, but ${list}${more}. Check the delimiter (${d}) and quoting, or fix those lines.`,
      'ragged',
      {
        key: 'ragged',
        params: {
          file: this.options.fileName,
          count: this.raggedTotal,
          expected,
          reference: this.options.hasHeader ? 'header' : 'first-row',
          lines: this.ragged.map((r) => r.line),
          got: this.ragged.map((r) => r.count),
          more: this.raggedTotal - this.ragged.length,
          delimiter: this.options.delimiter,
        },
      },
    );
  }
}

/** A column with no value in any row (blank cells, or stray separators such as `,,,` only). */
function isEmpty(s: ColumnStats): boolean {
  return (s.present === 0 && (s.missingCodes?.length ?? 0) === 0) || s.separatorsOnly === true;
}
