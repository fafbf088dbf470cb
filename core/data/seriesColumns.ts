/** The columns a forecasting series reads from a file, filled record by record (from a record's bytes or its fields) into typed arrays with each row's file line; the whole file's or one byte range's, joined in order. */

import { DatasetError } from '../errors.ts';
import type { ByteRecordSink } from './byteRecords.ts';
import {
  asciiText,
  IsoDateBytes,
  isoDateTime,
  plainNumber,
  plainNumberBytes,
} from './cellFastPaths.ts';
import { isMissing } from './columnTypes.ts';
import { type DateReading, parseDateAs, parseTimeOfDay } from './dates.ts';
import type { DerivedColumn } from './derived.ts';
import type { Inspection } from './inspect.ts';
import { POINT_FORMAT, parseNumberAs } from './numbers.ts';
import type { ReadOptions } from './readOptions.ts';
import { INSPECT_HEAD_BYTES, type RecordSink } from './recordStream.ts';

type Values = Float64Array | Float32Array | Int32Array;

/** A typed array filled one value at a time, sized for the expected rows and doubled if short. */
export class Growing<T extends Values> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }
  /** Doubles the room (callers that store into `data` themselves call it when it is full). */
  grow(): void {
    const next = this.make(Math.max(1024, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
  /** Appends `values` (one copy). */
  append(values: ArrayLike<number>): void {
    if (this.length + values.length > this.data.length) {
      const next = this.make(this.length + values.length);
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    this.data.set(values, this.length);
    this.length += values.length;
  }
  /** The values pushed (a view, not a copy). */
  values(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/**
 * The file line of each row, kept as the rows where line − row changes (a quoted line break, a
 * skipped line): one pair for a plain file instead of 4 bytes a row.
 */
export class LineIndex {
  /** The rows where line − row changes, and the new difference from each. */
  readonly rows: number[] = [];
  readonly offsets: number[] = [];
  private last = Number.NaN;
  length = 0;

  push(line: number): void {
    this.mark(line - this.length);
    this.length++;
  }

  /**
   * Appends `other`'s rows, read from line 1 of a range that starts on line `firstLine` of the file.
   */
  append(
    other: { rows: readonly number[]; offsets: readonly number[]; length: number },
    firstLine: number,
  ): void {
    const rowShift = this.length;
    for (let k = 0; k < other.rows.length; k++) {
      const row = (other.rows[k] as number) + rowShift;
      const offset = (other.offsets[k] as number) + firstLine - 1 - rowShift;
      if (offset === this.last) continue;
      this.rows.push(row);
      this.offsets.push(offset);
      this.last = offset;
    }
    this.length += other.length;
  }

  /** The line of row `row`. */
  lineOf(row: number): number {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.rows[mid] as number) <= row) lo = mid;
      else hi = mid - 1;
    }
    return row + (this.offsets[lo] ?? 0);
  }

  private mark(offset: number): void {
    if (offset === this.last) return;
    this.rows.push(this.length);
    this.offsets.push(offset);
    this.last = offset;
  }
}

const float64 = (n: number) => new Float64Array(n);
const float32 = (n: number) => new Float32Array(n);

/**
 * Rows expected in `size` bytes, from the inspected head's bytes per row (a little over, so the
 * columns are rarely grown).
 */
export function expectedRows(size: number, inspection: Inspection): number {
  const headBytes = inspection.headBytes ?? Math.min(size, INSPECT_HEAD_BYTES);
  const perRow = headBytes / Math.max(1, inspection.rows + (inspection.hasHeader ? 1 : 0));
  return Math.ceil((size / Math.max(1, perRow)) * 1.02) + 16;
}

/** What the stream reads from one file column. */
export interface Reading {
  name: string;
  index: number;
  kind: 'numeric' | 'date' | 'time';
  /** The derived column it is a source of, for the message when a value is not a number. */
  sourceOf: DerivedColumn | undefined;
  values: Growing<Float64Array | Float32Array>;
}

function notNumeric(where: { fileName: string; line: number; r: Reading; raw: string }) {
  const { fileName, line, r, raw } = where;
  if (r.sourceOf !== undefined) {
    return new DatasetError(
      `'${fileName}' line ${line}, column '${r.name}' (a source of derived column '${r.sourceOf.name}'): '${raw}' is not a number, but a derived column needs numbers. Fix the value, leave it empty to mark it missing, or choose another column.`,
      'not-numeric',
    );
  }
  return new DatasetError(
    `'${fileName}' line ${line}, column '${r.name}': '${raw}' is not a number, but the column must be numeric. Fix the value, leave it empty to mark it missing, or choose another column.`,
    'not-numeric',
    { key: 'not-numeric', params: { file: fileName, line, column: r.name, value: raw } },
  );
}

/** The text of a cell read from bytes: '' when the record has no such field. */
function cellText(bytes: Uint8Array, start: number, end: number): string {
  return start < 0 ? '' : asciiText(bytes, start, end);
}

/** Which columns a series reads and how (structured-clone data: a range's reader gets it too). */
export interface SeriesColumnsPlan {
  fileName: string;
  reading?: ReadOptions | undefined;
  /** File columns read as numbers (derived sources included). */
  numeric: readonly string[];
  /** File columns read as dates, and the order each one's day and month come in. */
  dates: readonly string[];
  orders: Readonly<Record<string, DateReading>>;
  /** File columns read as times of day. */
  times?: readonly string[];
  derived: readonly DerivedColumn[];
}

/**
 * The columns of a series as they are read: each record's cells read with the user's reading
 * options (missing codes, number notation, date order) into the columns (numbers read only for the
 * float32 series in float32, dates and derived sources in float64), and its line kept.
 */
export class SeriesColumns {
  /** The numeric columns, then the dates, then the times. */
  readonly reads: Reading[];
  readonly lines = new LineIndex();
  /** The byte reader's sink (see {@link ByteRecordSink}). */
  readonly onBytes: ByteRecordSink;
  /** The general path's sink: a record's picked fields. */
  readonly onRecord: RecordSink;

  constructor(inspection: Inspection, plan: SeriesColumnsPlan, rows0: number) {
    const all = inspection.columns.map((c) => c.name);
    const reading = (name: string, kind: Reading['kind']): Reading => {
      const sourceOf = plan.derived.find((d) => d.left === name || d.right === name);
      // NOTE: the series is float32, so a column read only for it is kept in float32 (4 bytes a
      // value); dates and derived sources stay float64, as the whole-table reader computes them.
      const wide = kind !== 'numeric' || sourceOf !== undefined;
      const values: Growing<Float64Array | Float32Array> = wide
        ? new Growing<Float64Array | Float32Array>(float64(rows0), float64)
        : new Growing<Float64Array | Float32Array>(float32(rows0), float32);
      return { name, index: all.indexOf(name), kind, sourceOf, values };
    };
    this.reads = [
      ...[...new Set(plan.numeric)].map((n) => reading(n, 'numeric')),
      ...[...new Set(plan.dates)].map((n) => reading(n, 'date')),
      ...[...new Set(plan.times ?? [])].map((n) => reading(n, 'time')),
    ];
    const cellValue = cellReader(inspection, plan);
    const { reads, lines } = this;
    this.onRecord = (fields, line) => {
      for (const r of reads) r.values.push(cellValue(r, fields[r.index] ?? '', line));
      lines.push(line);
    };
    this.onBytes = bytesSink(reads, lines, cellValue, inspection);
  }

  /** The column indexes (into the inspection's columns) the byte reader hands over, in {@link reads} order. */
  get fields(): number[] {
    return this.reads.map((r) => r.index);
  }

  /** Appends the rows of a range read from its line 1, which is line `firstLine` of the file. */
  append(columns: readonly ArrayLike<number>[], lines: RangeLines, firstLine: number): void {
    this.reads.forEach((r, k) => {
      r.values.append(columns[k] as ArrayLike<number>);
    });
    this.lines.append(lines, firstLine);
  }
}

/** A range's row lines, as {@link LineIndex} keeps them (structured-clone data). */
export interface RangeLines {
  rows: number[];
  offsets: number[];
  length: number;
}

type CellValue = (r: Reading, raw: string, line: number) => number;

/** The value of cell `raw` of column `r` on `line`, as the user's options read it. */
function cellReader(inspection: Inspection, plan: SeriesColumnsPlan): CellValue {
  const { fileName, orders } = plan;
  const format = inspection.numberFormat ?? POINT_FORMAT;
  const missingCodes = new Set((plan.reading?.missingCodes ?? []).map((c) => c.trim()));
  const noCodes = missingCodes.size === 0;
  const decimal = format.decimal;
  return (r, raw, line) => {
    if (r.kind === 'date') {
      const iso = isoDateTime(raw);
      return Number.isNaN(iso) ? parseDateAs(raw, orders[r.name]) : iso;
    }
    if (r.kind === 'time') return parseTimeOfDay(raw);
    const plain = noCodes || !missingCodes.has(raw) ? plainNumber(raw, decimal) : Number.NaN;
    if (!Number.isNaN(plain)) return plain;
    // NOTE: a missing code the user named arrives as '' (cellReading) or is checked here.
    if (isMissing(raw) || missingCodes.has(raw.trim())) return Number.NaN;
    const v = parseNumberAs(raw, format);
    if (Number.isNaN(v)) throw notNumeric({ fileName, line, r, raw });
    return v;
  };
}

/** The byte reader's sink: each plain line's cells read from its bytes into the columns. */
function bytesSink(
  reads: readonly Reading[],
  lines: LineIndex,
  cellValue: CellValue,
  inspection: Inspection,
): ByteRecordSink {
  const decimalCode = (inspection.numberFormat ?? POINT_FORMAT).decimal.charCodeAt(0);
  const dateReaders = reads.map(() => new IsoDateBytes());
  const numericCount = reads.filter((r) => r.kind === 'numeric').length;
  const dateEnd = numericCount + reads.filter((r) => r.kind === 'date').length;
  return (b, starts, ends, line) => {
    // NOTE: NaN from the byte readers sends a cell to cellValue (which also decides empty and
    // missing cells), so every cell reads as onRecord would read it. `reads` lists the
    // numeric columns, then the dates, then the times: one loop each keeps them monomorphic.
    // Values are stored here rather than through push, whose double argument is allocated
    // for each call that is not inlined.
    let k = 0;
    for (; k < numericCount; k++) {
      const start = starts[k] as number;
      const end = ends[k] as number;
      let v = start < 0 ? Number.NaN : plainNumberBytes(b, start, end, decimalCode);
      if (Number.isNaN(v)) v = cellValue(reads[k] as Reading, cellText(b, start, end), line);
      const g = (reads[k] as Reading).values;
      if (g.length === g.data.length) g.grow();
      g.data[g.length++] = v;
    }
    for (; k < dateEnd; k++) {
      const start = starts[k] as number;
      const end = ends[k] as number;
      const r = reads[k] as Reading;
      const reader = dateReaders[k] as IsoDateBytes;
      const v =
        start >= 0 && reader.read(b, start, end)
          ? reader.value
          : cellValue(r, cellText(b, start, end), line);
      const g = r.values;
      if (g.length === g.data.length) g.grow();
      g.data[g.length++] = v;
    }
    for (; k < reads.length; k++) {
      const r = reads[k] as Reading;
      r.values.push(cellValue(r, cellText(b, starts[k] as number, ends[k] as number), line));
    }
    lines.push(line);
    return undefined;
  };
}
