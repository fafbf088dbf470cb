/** Streams the columns of a forecasting series out of a file: numbers and dates land in typed arrays as records are parsed (a big file's second half on the host's second thread, seriesRanges.ts), text is never kept. */

import { DatasetError } from '../errors.ts';
import { readsAsBytes, streamByteRecords } from './byteRecords.ts';
import { type FileBytes, isByteSource, sizeOfBytes } from './byteSource.ts';
import { applyDerivedOp, type DerivedColumn, derivedFormula } from './derived.ts';
import type { Inspection } from './inspect.ts';
import type { ReadOptions } from './readOptions.ts';
import { streamRecords } from './recordStream.ts';
import { expectedRows, SeriesColumns, type SeriesColumnsPlan } from './seriesColumns.ts';
import { readSeriesInTwo, readsInTwo, type SeriesRanges } from './seriesRanges.ts';
import { dateOrdersOf } from './table.ts';
import type { SeriesSource } from './timeSeries.ts';

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
    /** The host's second thread, for a big file read from bytes (core/data/seriesRanges.ts). */
    ranges?: SeriesRanges | undefined;
  },
): Promise<SeriesSource> {
  const { fileName } = options;
  const plan: SeriesColumnsPlan = {
    fileName,
    reading: options.reading,
    numeric: options.numeric,
    dates: options.dates,
    orders: dateOrdersOf(inspection, options.reading?.dateOrder),
    times: options.times ?? [],
    derived: options.derived,
  };
  const columns = new SeriesColumns(inspection, plan, expectedRows(sizeOfBytes(bytes), inspection));
  const { reads, lines } = columns;
  const { ranges } = options;
  if (!readsAsBytes(inspection, options.reading)) {
    await streamRecords(bytes, inspection, {
      fileName,
      reading: options.reading,
      onRecord: columns.onRecord,
    });
  } else if (isByteSource(bytes) && ranges !== undefined && readsInTwo(bytes, ranges)) {
    await readSeriesInTwo(bytes, inspection, { columns, plan, ranges });
  } else {
    await streamByteRecords(bytes, inspection, {
      fileName,
      fields: columns.fields,
      onRecord: columns.onRecord,
      onBytes: columns.onBytes,
    });
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
