/** Streams the columns of a forecasting series out of a file: numbers and dates land in Float64Arrays as records are parsed, text is never kept. */

import { DatasetError } from '../errors.ts';
import { readsAsBytes, streamByteRecords } from './byteRecords.ts';
import { type FileBytes, sizeOfBytes } from './byteSource.ts';
import {
  asciiText,
  IsoDateBytes,
  isoDateTime,
  plainNumber,
  plainNumberBytes,
} from './cellFastPaths.ts';
import { isMissing } from './columnTypes.ts';
import { parseDateAs, parseTimeOfDay } from './dates.ts';
import { applyDerivedOp, type DerivedColumn, derivedFormula } from './derived.ts';
import type { Inspection } from './inspect.ts';
import { POINT_FORMAT, parseNumberAs } from './numbers.ts';
import type { ReadOptions } from './readOptions.ts';
import { INSPECT_HEAD_BYTES, streamRecords } from './recordStream.ts';
import { dateOrdersOf } from './table.ts';
import type { SeriesSource } from './timeSeries.ts';

type Values = Float64Array | Float32Array | Int32Array;

/** A typed array filled one value at a time, sized for the expected rows and doubled if short. */
class Growing<T extends Values> {
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
  /** The values pushed (a view, not a copy). */
  values(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/**
 * The file line of each row, kept as the rows where line − row changes (a quoted line break, a
 * skipped line): one pair for a plain file instead of 4 bytes a row.
 */
class LineIndex {
  private rows: number[] = [];
  private offsets: number[] = [];
  private last = Number.NaN;
  length = 0;

  push(line: number): void {
    const offset = line - this.length;
    if (offset !== this.last) {
      this.rows.push(this.length);
      this.offsets.push(offset);
      this.last = offset;
    }
    this.length++;
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
}

const float64 = (n: number) => new Float64Array(n);
const float32 = (n: number) => new Float32Array(n);

/**
 * Rows expected in `bytes`, from the inspected head's bytes per row (a little over, so the
 * columns are rarely grown).
 */
function expectedRows(size: number, inspection: Inspection): number {
  const headBytes = Math.min(size, INSPECT_HEAD_BYTES);
  const perRow = headBytes / Math.max(1, inspection.rows + (inspection.hasHeader ? 1 : 0));
  return Math.ceil((size / Math.max(1, perRow)) * 1.02) + 16;
}

/** What the stream reads from one file column. */
interface Reading {
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

/**
 * Reads the `numeric`, `dates` and `times` columns of a file as a stream, with the user's reading
 * options (missing codes, number notation, date order) applied to each record as it arrives, and
 * computes the `derived` columns from them, giving a {@link SeriesSource} that costs 8 bytes a value.
 * @param numeric file columns read as numbers (derived sources included)
 * @param dates file columns read as dates
 * @param times file columns read as times of day
 * @throws DatasetError ('not-numeric') at the first value that is not a number, naming its line;
 *   from {@link SeriesSource.numeric} ('all-missing'); from the readers.
 */
export async function streamSeriesSource(
  bytes: FileBytes,
  inspection: Inspection,
  options: {
    fileName: string;
    reading?: ReadOptions | undefined;
    numeric: readonly string[];
    dates: readonly string[];
    times?: readonly string[];
    derived: readonly DerivedColumn[];
  },
): Promise<SeriesSource> {
  const { fileName } = options;
  const format = inspection.numberFormat ?? POINT_FORMAT;
  const missingCodes = new Set((options.reading?.missingCodes ?? []).map((c) => c.trim()));
  const noCodes = missingCodes.size === 0;
  const decimal = format.decimal;
  const orders = dateOrdersOf(inspection, options.reading?.dateOrder);
  const all = inspection.columns.map((c) => c.name);
  const rows0 = expectedRows(sizeOfBytes(bytes), inspection);
  const reading = (name: string, kind: Reading['kind']): Reading => {
    const sourceOf = options.derived.find((d) => d.left === name || d.right === name);
    // NOTE: the series is float32, so a column read only for it is kept in float32 (4 bytes a
    // value); dates and derived sources stay float64, as the whole-table reader computes them.
    const wide = kind !== 'numeric' || sourceOf !== undefined;
    const values: Growing<Float64Array | Float32Array> = wide
      ? new Growing<Float64Array | Float32Array>(float64(rows0), float64)
      : new Growing<Float64Array | Float32Array>(float32(rows0), float32);
    return { name, index: all.indexOf(name), kind, sourceOf, values };
  };
  const reads = [
    ...[...new Set(options.numeric)].map((n) => reading(n, 'numeric')),
    ...[...new Set(options.dates)].map((n) => reading(n, 'date')),
    ...[...new Set(options.times ?? [])].map((n) => reading(n, 'time')),
  ];
  const lines = new LineIndex();
  /** The value of cell `raw` of column `r` on `line`, as the user's options read it. */
  const cellValue = (r: Reading, raw: string, line: number): number => {
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
  const onRecord = (fields: readonly string[], line: number): void => {
    for (const r of reads) r.values.push(cellValue(r, fields[r.index] ?? '', line));
    lines.push(line);
  };
  if (readsAsBytes(inspection, options.reading)) {
    const decimalCode = decimal.charCodeAt(0);
    const dateReaders = reads.map(() => new IsoDateBytes());
    const numericCount = reads.filter((r) => r.kind === 'numeric').length;
    const dateEnd = numericCount + reads.filter((r) => r.kind === 'date').length;
    await streamByteRecords(bytes, inspection, {
      fileName,
      fields: reads.map((r) => r.index),
      onRecord,
      onBytes(b, starts, ends, line) {
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
      },
    });
  } else {
    await streamRecords(bytes, inspection, { fileName, reading: options.reading, onRecord });
  }
  const rows = lines.length;
  const numbers = new Map<string, Float64Array | Float32Array>();
  const dates = new Map<string, Float64Array>();
  const times = new Map<string, Float64Array>();
  for (const r of reads) {
    if (r.kind === 'date') dates.set(r.name, r.values.values() as Float64Array);
    else if (r.kind === 'time') times.set(r.name, r.values.values() as Float64Array);
    else numbers.set(r.name, r.values.values());
  }
  for (const def of options.derived) numbers.set(def.name, derive(def, numbers, rows));
  return {
    fileName,
    rows,
    lineOf: (row) => lines.lineOf(row),
    numeric(name) {
      const values = numbers.get(name);
      if (values === undefined) {
        throw new DatasetError(
          `'${fileName}': the column must be one of ${[...numbers.keys()].map((c) => `'${c}'`).join(', ')}, got '${name}'. Choose an existing column.`,
          'format',
        );
      }
      if (!values.some((v) => !Number.isNaN(v))) {
        throw new DatasetError(
          `'${fileName}', column '${name}': every value is missing (${rows} rows). Choose another column or fill it in.`,
          'all-missing',
          { key: 'all-missing', params: { file: fileName, column: name, rows } },
        );
      }
      return values;
    },
    dates(name) {
      return dates.get(name) ?? new Float64Array(rows).fill(Number.NaN);
    },
    timesOfDay(name) {
      return times.get(name) ?? new Float64Array(rows).fill(Number.NaN);
    },
  };
}

/** A derived column from its two sources: NaN where either is missing or the result is not finite. */
function derive(
  def: DerivedColumn,
  numbers: Map<string, Float64Array | Float32Array>,
  rows: number,
): Float64Array {
  const left = numbers.get(def.left);
  const right = numbers.get(def.right);
  if (left === undefined || right === undefined) {
    throw new DatasetError(
      `'${def.name}' (${derivedFormula(def)}): its sources must be read before it, got '${left === undefined ? def.left : def.right}' unread.`,
      'format',
    );
  }
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = applyDerivedOp(def.op, left[i] as number, right[i] as number);
    out[i] = Number.isFinite(v) ? v : Number.NaN;
  }
  return out;
}
