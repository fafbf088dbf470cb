/** Dates and times as people write them: ISO with offsets, day-first or month-first, dotted, named months, times of day. */

import { isoDateTime } from './cellFastPaths.ts';

/** The order of day, month and year in a numeric date such as `03/04/2020`. */
export type DateOrder = 'ymd' | 'dmy' | 'mdy';

/** How a date column's cells are read: a numeric date order, or Excel serial days (`43831`). */
export type DateReading = DateOrder | 'excel-serial';

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const TIME = String.raw`(?:[T ](\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?`;
const ISO_RE = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}$`);
const NUMERIC_RE = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})${TIME}$`);
const NAMED_DMY_RE = new RegExp(
  String.raw`^(\d{1,2})[- ]([A-Za-z]{3})[a-z]*\.?[- ,]+(\d{4})${TIME}$`,
);
const NAMED_MDY_RE = new RegExp(
  String.raw`^([A-Za-z]{3})[a-z]*\.?[- ](\d{1,2}),?[- ](\d{4})${TIME}$`,
);
const YEAR_MONTH_RE = /^(\d{4})-(\d{2})$/;
const KOREAN_RE = /^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일$/;
const TIME_OF_DAY_RE = /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$/;

/** A date cell: its instant (ms since 1970 UTC) and, for `a/b/yyyy`, which orders it allows. */
export interface ParsedDate {
  time: number;
  /** For numeric dates with the day and month first: whether each reading is a valid date. */
  dayFirst?: boolean;
  monthFirst?: boolean;
  /** The day-first reading (when different from `time`, which is month-first then). */
  dayFirstTime?: number;
  /** An explicit UTC offset (`Z`, `+09:00`) was given: the time is an instant. */
  offset: boolean;
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

function offsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) as RegExpExecArray;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}

/** ms since 1970 for a calendar date and time of day, or NaN when it does not exist (`2021-02-30`). */
function utc(y: number, mo: number, d: number, time: readonly (string | undefined)[]): number {
  const [h = 0, mi = 0, s = 0] = time.slice(0, 3).map((t) => (t === undefined ? 0 : Number(t)));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return Number.NaN;
  const ms = time[3] === undefined ? 0 : Math.round(Number(`0.${time[3]}`) * 1000);
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  return new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d ? t : Number.NaN;
}

/**
 * Parses a date or date-time: ISO (`2020-01-31`, `2020-01-31T09:30:00+09:00`, `2020/1/31 9.30`),
 * numeric day/month first (`31/01/2020`, `1/31/2020`, `31.01.2020`), named months (`31-Jan-2020`,
 * `Jan 31, 2020`) and Korean (`2020년 1월 31일`). Null for anything else.
 */
export function parseDateCell(value: string): ParsedDate | null {
  const v = value.trim();
  if (v.length < 6 || v.length > 40) return null;
  // NOTE: the commonest cells of big files (`yyyy-mm-dd[Thh:mm[:ss]]`) by characters, no regex.
  const iso = isoDateTime(v);
  if (!Number.isNaN(iso)) return { time: iso, offset: false };
  return parseDatePatterns(v);
}

/**
 * {@link parseDateCell} by its patterns alone, for a trimmed cell of 6–40 characters (the
 * reference the character-scanned ISO reader is tested against).
 */
export function parseDatePatterns(v: string): ParsedDate | null {
  // NOTE: `2020-01` is a month (monthly series); `2020-01-31` and longer are days or instants.
  let m = ISO_RE.exec(v);
  if (m !== null) {
    const t = utc(Number(m[1]), Number(m[3]), Number(m[4]), m.slice(5, 9));
    if (Number.isNaN(t)) return null;
    return { time: t - offsetMs(m[9]), offset: m[9] !== undefined };
  }
  m = NUMERIC_RE.exec(v);
  if (m !== null) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = fullYear(m[4] as string);
    const time = m.slice(5, 9);
    const dayFirst = utc(y, b, a, time);
    const monthFirst = utc(y, a, b, time);
    if (Number.isNaN(dayFirst) && Number.isNaN(monthFirst)) return null;
    const shift = offsetMs(m[9]);
    return {
      time: (Number.isNaN(monthFirst) ? dayFirst : monthFirst) - shift,
      dayFirst: !Number.isNaN(dayFirst),
      monthFirst: !Number.isNaN(monthFirst),
      dayFirstTime: dayFirst - shift,
      offset: m[9] !== undefined,
    };
  }
  m = NAMED_DMY_RE.exec(v) ?? null;
  if (m !== null) return named(Number(m[3]), m[2] as string, Number(m[1]), m.slice(4, 9));
  m = NAMED_MDY_RE.exec(v);
  if (m !== null) return named(Number(m[3]), m[1] as string, Number(m[2]), m.slice(4, 9));
  m = YEAR_MONTH_RE.exec(v) ?? KOREAN_RE.exec(v);
  if (m !== null) {
    const t = utc(Number(m[1]), Number(m[2]), Number(m[3] ?? 1), []);
    return Number.isNaN(t) ? null : { time: t, offset: false };
  }
  return null;
}

function named(
  y: number,
  month: string,
  d: number,
  rest: readonly (string | undefined)[],
): ParsedDate | null {
  const mo = MONTHS[month.toLowerCase()];
  if (mo === undefined) return null;
  const t = utc(y, mo, d, rest.slice(0, 4));
  return Number.isNaN(t) ? null : { time: t - offsetMs(rest[4]), offset: rest[4] !== undefined };
}

const DAY_MS = 86_400_000;
/** Serial of 1970-01-01 in Excel's 1900 date system (which counts a 29 February 1900). */
const UNIX_EPOCH_SERIAL = 25_569;
/** Serials taken as dates: 1927-05-18 (10000) to 2099-12-31 (73050). */
export const EXCEL_SERIALS = { min: 10_000, max: 73_050 } as const;

/** The instant (ms since 1970 UTC) of an Excel serial day (a fraction is the time of day), or NaN. */
export function excelSerialToMs(value: string): number {
  const v = value.trim();
  if (!/^\d+([.,]\d+)?$/.test(v)) return Number.NaN;
  const serial = Number(v.replace(',', '.'));
  if (serial < EXCEL_SERIALS.min || serial > EXCEL_SERIALS.max + 1) return Number.NaN;
  return Math.round((serial - UNIX_EPOCH_SERIAL) * DAY_MS);
}

/** The instant a date cell names under `order` (used for numeric `a/b/yyyy` dates and Excel serials), or NaN. */
export function parseDateAs(value: string, order: DateReading | undefined): number {
  if (order === 'excel-serial') return excelSerialToMs(value);
  const p = parseDateCell(value);
  if (p === null) return Number.NaN;
  if (p.dayFirst === undefined) return p.time;
  if (order === 'dmy') return p.dayFirst ? (p.dayFirstTime as number) : Number.NaN;
  if (order === 'mdy') return p.monthFirst ? p.time : Number.NaN;
  return p.time;
}

/**
 * Parses a date (or date-time) to milliseconds since 1970 UTC; a numeric `a/b/yyyy` date is read
 * month-first unless only day-first fits. Returns NaN for anything else (numbers included).
 */
export function parseDate(value: string): number {
  return parseDateCell(value)?.time ?? Number.NaN;
}

/** Milliseconds since midnight for a time of day (`09:30`, `18.00.00`), or NaN. */
export function parseTimeOfDay(value: string): number {
  const m = TIME_OF_DAY_RE.exec(value.trim());
  if (m === null) return Number.NaN;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 24 || mi > 59 || s > 59) return Number.NaN;
  return ((h * 60 + mi) * 60 + s) * 1000;
}

/** Evidence for the order of numeric dates, counted over cells. */
export interface DateOrderEvidence {
  /** Cells that are valid only day-first (`31/01/2020`). */
  dayFirstOnly: number;
  /** Cells that are valid only month-first (`1/31/2020`). */
  monthFirstOnly: number;
  /** Cells valid either way (`03/04/2020`). */
  either: number;
  example?: string;
}

/** The order the evidence decides, or null when every cell reads both ways. */
export function decideDateOrder(e: DateOrderEvidence): 'dmy' | 'mdy' | null {
  if (e.dayFirstOnly > e.monthFirstOnly) return 'dmy';
  if (e.monthFirstOnly > e.dayFirstOnly) return 'mdy';
  return null;
}
