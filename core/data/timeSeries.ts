/** Time series from a table: date order, gaps, missing values (forward-fill or drop, reported) and the value matrix. */
import { DatasetError } from '../errors.ts';
import { parseDateAs, parseTimeOfDay } from './dates.ts';
import type { ColumnRoles } from './roles.ts';
import { columnIndex, numericColumn, type Table } from './table.ts';

/** What preparing the series changed or found, for the user to see. */
export interface SeriesReport {
  /** True when rows were not in date order and were sorted. */
  sorted: boolean;
  /** Rows with an unreadable or missing date, dropped (first line given). */
  badDates: number;
  firstBadDate?: number;
  /** Missing values per column before handling. */
  missing: Record<string, number>;
  /** How missing values were handled and how many rows or cells that touched. */
  missingPolicy: 'ffill' | 'drop';
  filledCells: number;
  droppedRows: number;
  /** The usual spacing between dates (ms) and intervals longer than it (weekends skipped for business-day data). */
  stepMs: number | null;
  gaps: number;
  largestGap?: { fromMs: number; toMs: number };
}

/** A series: `values` `[steps, features]` row-major, column `target` first. */
export interface Series {
  columns: string[];
  values: Float32Array;
  steps: number;
  features: number;
  /** Milliseconds since 1970 UTC per step, or null when the file has no date. */
  times: Float64Array | null;
  report: SeriesReport;
}

const DAY = 86_400_000;

/**
 * The columns a series is built from, however they were read: a whole table or a stream that
 * kept only numbers.
 */
export interface SeriesSource {
  fileName: string;
  /** Data rows read. */
  rows: number;
  /** The file line of data row `row` (for messages). */
  lineOf(row: number): number;
  /**
   * A numeric column `[rows]`, NaN where missing (float32 where only the float32 series needs it).
   * @throws DatasetError as numericColumn.
   */
  numeric(name: string): Float64Array | Float32Array;
  /**
   * A date column as milliseconds since 1970 UTC `[rows]` (numeric dates in the column's date
   * order), NaN where unreadable.
   */
  dates(name: string): Float64Array;
  /** A time-of-day column as milliseconds since midnight `[rows]`, NaN where unreadable. */
  timesOfDay(name: string): Float64Array;
}

/** A {@link SeriesSource} over a table held whole. */
export function tableSource(table: Table): SeriesSource {
  return {
    fileName: table.fileName,
    rows: table.rows.length,
    lineOf: (row) => table.lines[row] as number,
    numeric: (name) => numericColumn(table, name),
    dates(name) {
      const c = columnIndex(table, name);
      const order = table.dateOrders?.[name];
      return Float64Array.from(table.rows, (r) => parseDateAs(r[c] ?? '', order));
    },
    timesOfDay(name) {
      const c = columnIndex(table, name);
      return Float64Array.from(table.rows, (r) => parseTimeOfDay(r[c] ?? ''));
    },
  };
}

function datesOf(source: SeriesSource, roles: ColumnRoles): Float64Array | null {
  if (roles.date !== undefined) {
    const dates = source.dates(roles.date);
    if (roles.time === undefined) return dates;
    const times = source.timesOfDay(roles.time);
    return Float64Array.from(dates, (d, i) => d + (times[i] as number));
  }
  if (roles.dateParts !== undefined) {
    const y = source.numeric(roles.dateParts.year);
    const m = source.numeric(roles.dateParts.month);
    const d = source.numeric(roles.dateParts.day);
    return Float64Array.from(y, (yv, i) => Date.UTC(yv, (m[i] as number) - 1, d[i] as number));
  }
  return null;
}

function gapStats(times: Float64Array): Pick<SeriesReport, 'stepMs' | 'gaps' | 'largestGap'> {
  if (times.length < 3) return { stepMs: null, gaps: 0 };
  // NOTE: a regular series repeats one step, so each run of equal steps is counted before it
  // reaches the map (one map update a run, not a row); steps enter the map in the order they first
  // appear either way, which decides a tie below.
  const diffs = new Map<number, number>();
  let run = (times[1] as number) - (times[0] as number);
  let runLength = 0;
  for (let i = 1; i < times.length; i++) {
    const d = (times[i] as number) - (times[i - 1] as number);
    if (d === run) {
      runLength++;
      continue;
    }
    diffs.set(run, (diffs.get(run) ?? 0) + runLength);
    run = d;
    runLength = 1;
  }
  diffs.set(run, (diffs.get(run) ?? 0) + runLength);
  const step = [...diffs].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  let weekendFree = step === DAY;
  for (let i = 0; i < times.length && weekendFree; i++) {
    const wd = new Date(times[i] as number).getUTCDay();
    weekendFree = wd !== 0 && wd !== 6;
  }
  let gaps = 0;
  let largest: { fromMs: number; toMs: number } | undefined;
  for (let i = 1; i < times.length; i++) {
    const from = times[i - 1] as number;
    const to = times[i] as number;
    let d = to - from;
    // NOTE: for business-day data (no Saturdays or Sundays at all) Friday → Monday is one step.
    if (weekendFree && new Date(from).getUTCDay() === 5 && d === 3 * DAY) d = DAY;
    if (d > step) {
      gaps++;
      if (largest === undefined || to - from > largest.toMs - largest.fromMs)
        largest = { fromMs: from, toMs: to };
    }
  }
  return { stepMs: step, gaps, ...(largest !== undefined ? { largestGap: largest } : {}) };
}

/** How many of `col`'s first `count` rows in `order` (file order when null) are NaN. */
function missingIn(col: ArrayLike<number>, order: Int32Array | null, count: number): number {
  let n = 0;
  if (order === null) {
    for (let k = 0; k < count; k++) if (Number.isNaN(col[k] as number)) n++;
  } else {
    for (let k = 0; k < count; k++) if (Number.isNaN(col[order[k] as number] as number)) n++;
  }
  return n;
}

/**
 * Writes `col`'s rows in `order` (file order when null) into feature `f` of row-major `values`,
 * a NaN replaced by the last value before it; gives how many were replaced.
 */
function forwardFilled(
  col: ArrayLike<number>,
  order: Int32Array | null,
  into: { values: Float32Array; features: number; f: number },
): number {
  const { values, features, f } = into;
  const steps = values.length / features;
  let last = Number.NaN;
  let filled = 0;
  for (let k = 0, i = f; k < steps; k++, i += features) {
    const v = col[order === null ? k : (order[k] as number)] as number;
    if (!Number.isNaN(v)) last = v;
    else filled++;
    values[i] = last;
  }
  return filled;
}

/**
 * Builds a forecasting series from a table: rows with bad dates are dropped, rows are sorted by
 * date, missing values are forward-filled (a leading gap is filled backwards from the first value)
 * or their rows dropped, and gaps between dates are counted.
 * @param roles `target` (required), `features`, and `date` or `dateParts`
 * @throws DatasetError ('not-numeric' | 'all-missing') from the columns; ('format') when too few rows remain.
 */
export function buildSeries(
  table: Table | SeriesSource,
  roles: ColumnRoles,
  options: { missing: 'ffill' | 'drop' },
): Series {
  const source = 'numeric' in table ? table : tableSource(table);
  const target = roles.target;
  if (target === undefined) {
    throw new DatasetError(
      `'${source.fileName}': a forecast needs a target column, got none. Choose the column to predict.`,
      'format',
    );
  }
  const columns = [target, ...(roles.features ?? []).filter((f) => f !== target)];
  const data = columns.map((c) => source.numeric(c));
  const dates = datesOf(source, roles);
  // NOTE: the rows kept, in order, as an Int32Array (4 bytes a row; a JS array of millions costs
  // 8 and more), made only when a row is dropped or the dates need sorting: null means every row
  // in file order.
  let order: Int32Array | null = null;
  const identity = () => Int32Array.from({ length: source.rows }, (_, i) => i);
  const count = () => (order === null ? source.rows : order.length);
  const rowAt = (k: number) => (order === null ? k : (order[k] as number));
  let badDates = 0;
  let firstBadDate: number | undefined;
  let sorted = false;
  if (dates !== null) {
    for (let i = 0; i < source.rows; i++) {
      if (!Number.isNaN(dates[i] as number)) continue;
      badDates++;
      firstBadDate ??= source.lineOf(i);
    }
    if (badDates > 0) {
      const kept = new Int32Array(source.rows - badDates);
      let k = 0;
      for (let i = 0; i < source.rows; i++) if (!Number.isNaN(dates[i] as number)) kept[k++] = i;
      order = kept;
    }
    for (let k = 1; k < count() && !sorted; k++) {
      sorted = (dates[rowAt(k)] as number) < (dates[rowAt(k - 1)] as number);
    }
    if (sorted) {
      order ??= identity();
      order.sort((a, b) => (dates[a] as number) - (dates[b] as number) || a - b);
    }
  }
  const missing: Record<string, number> = {};
  columns.forEach((c, f) => {
    missing[c] = missingIn(data[f] as ArrayLike<number>, order, count());
  });
  let droppedRows = 0;
  if (options.missing === 'drop' && Object.values(missing).some((n) => n > 0)) {
    const rows = order ?? identity();
    let kept = 0;
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k] as number;
      if (data.every((col) => !Number.isNaN(col[r] as number))) rows[kept++] = r;
    }
    droppedRows = rows.length - kept;
    order = rows.subarray(0, kept);
  }
  const features = columns.length;
  const steps = count();
  if (steps < 2) {
    throw new DatasetError(
      `'${source.fileName}': a series needs at least 2 usable rows, got ${steps}. Check the date and value columns.`,
      'format',
    );
  }
  const values = new Float32Array(steps * features);
  let filledCells = 0;
  for (let f = 0; f < features; f++) {
    filledCells += forwardFilled(data[f] as ArrayLike<number>, order, { values, features, f });
    const firstKnown = values.findIndex((v, i) => i % features === f && !Number.isNaN(v));
    for (let i = f; i < firstKnown; i += features) values[i] = values[firstKnown] as number;
  }
  // NOTE: rows kept in file order (no bad date, no sort, none dropped) keep the date column as read.
  const kept = order;
  const times =
    dates === null
      ? null
      : kept === null
        ? dates
        : Float64Array.from(kept, (r) => dates[r] as number);
  return {
    columns,
    values,
    steps,
    features,
    times,
    report: {
      sorted,
      badDates,
      ...(firstBadDate !== undefined ? { firstBadDate } : {}),
      missing,
      missingPolicy: options.missing,
      filledCells,
      droppedRows,
      ...(times === null ? { stepMs: null, gaps: 0 } : gapStats(times)),
    },
  };
}
