/** Streams the columns of a forecasting series out of a file: numbers and dates land in Float64Arrays as records are parsed, text is never kept. */
import { DatasetError } from '../errors.ts';
import { isMissing, parseDate, parseNumber } from './columnTypes.ts';
import { applyDerivedOp, type DerivedColumn, derivedFormula } from './derived.ts';
import type { Inspection } from './inspect.ts';
import { streamRecords } from './recordStream.ts';
import type { SeriesSource } from './timeSeries.ts';

class Growing {
  data = new Float64Array(4096);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** What the stream reads from one file column. */
interface Reading {
  name: string;
  index: number;
  kind: 'numeric' | 'date';
  /** The derived column it is a source of, for the message when a value is not a number. */
  sourceOf: DerivedColumn | undefined;
  values: Growing;
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
  );
}

/**
 * Reads the `numeric` and `dates` columns of a CSV/TSV/JSONL file as a stream and computes the
 * `derived` columns from them, giving a {@link SeriesSource} that costs 8 bytes a value.
 * @param numeric file columns read as numbers (derived sources included)
 * @param dates file columns read as dates
 * @throws DatasetError ('not-numeric') at the first value that is not a number, naming its line;
 *   from {@link SeriesSource.numeric} ('all-missing'); from the readers.
 */
export async function streamSeriesSource(
  bytes: Uint8Array,
  inspection: Inspection,
  options: {
    fileName: string;
    numeric: readonly string[];
    dates: readonly string[];
    derived: readonly DerivedColumn[];
  },
): Promise<SeriesSource> {
  const { fileName } = options;
  const all = inspection.columns.map((c) => c.name);
  const reading = (name: string, kind: Reading['kind']): Reading => ({
    name,
    index: all.indexOf(name),
    kind,
    sourceOf: options.derived.find((d) => d.left === name || d.right === name),
    values: new Growing(),
  });
  const reads = [
    ...[...new Set(options.numeric)].map((n) => reading(n, 'numeric')),
    ...[...new Set(options.dates)].map((n) => reading(n, 'date')),
  ];
  const lines = new Growing();
  await streamRecords(bytes, inspection, {
    fileName,
    onRecord(fields, line) {
      for (const r of reads) {
        const raw = fields[r.index] ?? '';
        if (r.kind === 'date') {
          r.values.push(parseDate(raw));
          continue;
        }
        // NOTE: no missing marker reads as a number, so numbers skip the marker check.
        const v = parseNumber(raw);
        if (!Number.isNaN(v)) r.values.push(v);
        else if (isMissing(raw)) r.values.push(Number.NaN);
        else throw notNumeric({ fileName, line, r, raw });
      }
      lines.push(line);
    },
  });
  const rows = lines.length;
  const numbers = new Map<string, Float64Array>();
  const dates = new Map<string, Float64Array>();
  for (const r of reads)
    (r.kind === 'date' ? dates : numbers).set(r.name, r.values.data.subarray(0, rows));
  for (const def of options.derived) numbers.set(def.name, derive(def, numbers, rows));
  return {
    fileName,
    rows,
    lines: lines.data.subarray(0, rows),
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
        );
      }
      return values;
    },
    dates(name) {
      return dates.get(name) ?? new Float64Array(rows).fill(Number.NaN);
    },
  };
}

/** A derived column from its two sources: NaN where either is missing or the result is not finite. */
function derive(
  def: DerivedColumn,
  numbers: Map<string, Float64Array>,
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
