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
  /** The file line of each row (for messages). */
  lines: ArrayLike<number>;
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
    lines: table.lines,
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
  const diffs = new Map<number, number>();
  for (let i = 1; i < times.length; i++) {
    const d = (times[i] as number) - (times[i - 1] as number);
    diffs.set(d, (diffs.get(d) ?? 0) + 1);
  }
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
  // NOTE: row indices in an Int32Array (4 bytes a row; a JS array of millions costs 8 and more).
  let order = new Int32Array(source.rows);
  for (let i = 0; i < order.length; i++) order[i] = i;
  let badDates = 0;
  let firstBadDate: number | undefined;
  let sorted = false;
  if (dates !== null) {
    let kept = 0;
    for (let i = 0; i < order.length; i++) {
      if (!Number.isNaN(dates[i] as number)) order[kept++] = i;
      else {
        badDates++;
        firstBadDate ??= source.lines[i];
      }
    }
    order = order.subarray(0, kept);
    for (let k = 1; k < order.length && !sorted; k++) {
      sorted = (dates[order[k] as number] as number) < (dates[order[k - 1] as number] as number);
    }
    if (sorted) order.sort((a, b) => (dates[a] as number) - (dates[b] as number) || a - b);
  }
  const missing: Record<string, number> = {};
  columns.forEach((c, f) => {
    const col = data[f] as ArrayLike<number>;
    let n = 0;
    for (let k = 0; k < order.length; k++) if (Number.isNaN(col[order[k] as number] as number)) n++;
    missing[c] = n;
  });
  let droppedRows = 0;
  if (options.missing === 'drop') {
    let kept = 0;
    for (let k = 0; k < order.length; k++) {
      const r = order[k] as number;
      if (data.every((col) => !Number.isNaN(col[r] as number))) order[kept++] = r;
    }
    droppedRows = order.length - kept;
    order = order.subarray(0, kept);
  }
  const features = columns.length;
  const steps = order.length;
  if (steps < 2) {
    throw new DatasetError(
      `'${source.fileName}': a series needs at least 2 usable rows, got ${steps}. Check the date and value columns.`,
      'format',
    );
  }
  const values = new Float32Array(steps * features);
  let filledCells = 0;
  for (let f = 0; f < features; f++) {
    const col = data[f] as ArrayLike<number>;
    let last = Number.NaN;
    for (let k = 0; k < steps; k++) {
      const v = col[order[k] as number] as number;
      if (!Number.isNaN(v)) last = v;
      else filledCells++;
      values[k * features + f] = last;
    }
    const firstKnown = values.findIndex((v, i) => i % features === f && !Number.isNaN(v));
    for (let i = f; i < firstKnown; i += features) values[i] = values[firstKnown] as number;
  }
  // NOTE: rows kept in file order (no bad date, no sort, none dropped) keep the date column as read.
  const inFileOrder = !sorted && steps === source.rows;
  const times =
    dates === null
      ? null
      : inFileOrder
        ? dates
        : Float64Array.from(order, (r) => dates[r] as number);
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
