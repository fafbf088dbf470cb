/** Column type inference (number, integer, date, category, text, id) from values seen one at a time, in bounded memory. */

/** The inferred kind of a column. */
export type ColumnType = 'number' | 'integer' | 'date' | 'category' | 'text' | 'id';

/** Spellings of a missing value (compared after trimming, case-insensitively). */
const MISSING = new Set([
  '',
  'null',
  'na',
  'n/a',
  'nan',
  'none',
  '#n/a',
  '?',
  '-',
  'nil',
  'missing',
]);

/** True when `value` spells a missing value (`''`, `null`, `NA`, `NaN`, `-`, …). */
export function isMissing(value: string | undefined): boolean {
  return value === undefined || MISSING.has(value.trim().toLowerCase());
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED_RE = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const INTEGER_RE = /^[+-]?\d+$/;

/** Parses a number as spreadsheets write it (`1.5`, `-2e3`, `1,234.5`); NaN when it is not one. */
export function parseNumber(value: string): number {
  const v = value.trim();
  if (NUMBER_RE.test(v)) return Number(v);
  if (GROUPED_RE.test(v)) return Number(v.replace(/,/g, ''));
  return Number.NaN;
}

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
const ISO_RE =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const KOREAN_RE = /^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일$/;
const MONTH_NAME_RE = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$/;

/**
 * Parses a date (or date-time) to milliseconds since 1970 UTC: `2020-01-31`, `2020/1/31 09:30`,
 * `2020.01.31`, `2020년 1월 31일`, `Jan 1 2000`. Returns NaN for anything else (numbers included).
 */
export function parseDate(value: string): number {
  const v = value.trim();
  let m = ISO_RE.exec(v);
  if (m !== null) {
    const [, y, mo, d, h, mi, s] = m;
    return utc(Number(y), Number(mo), Number(d), [Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)]);
  }
  m = KOREAN_RE.exec(v);
  if (m !== null) return utc(Number(m[1]), Number(m[2]), Number(m[3]), [0, 0, 0]);
  m = MONTH_NAME_RE.exec(v);
  if (m !== null) {
    const month = MONTHS[(m[1] as string).toLowerCase()];
    if (month === undefined) return Number.NaN;
    return utc(Number(m[3]), month, Number(m[2]), [0, 0, 0]);
  }
  return Number.NaN;
}

function utc(y: number, mo: number, d: number, [h, mi, s]: number[]): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || (h as number) > 23 || (mi as number) > 59) {
    return Number.NaN;
  }
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  // Reject 2021-02-30 and the like (Date.UTC rolls them over).
  return new Date(t).getUTCDate() === d ? t : Number.NaN;
}

/** Distinct values tracked per column before cardinality is reported as "more than". */
export const DISTINCT_CAP = 1000;
/** Non-matching values tolerated in a numeric or date column before it becomes text (share). */
const INVALID_SHARE = 0.05;

/** Statistics of one column, accumulated value by value. */
export interface ColumnStats {
  name: string;
  type: ColumnType;
  /** Missing values (empty, `null`, `NA`, …). */
  missing: number;
  /** Non-missing values. */
  present: number;
  /** Distinct non-missing values, capped at {@link DISTINCT_CAP} (then `distinctCapped`). */
  distinct: number;
  distinctCapped: boolean;
  /** Values that do not fit a numeric or date type (reported with the first one). */
  invalid: number;
  firstInvalid?: { line: number; value: string };
  /** Mean length in characters of non-missing values. */
  meanLength: number;
  /** Up to 5 example values. */
  examples: string[];
  /** Smallest and largest numeric (or date, in ms) value, when numeric or date. */
  min?: number;
  max?: number;
}

/** Accumulates {@link ColumnStats} for one column. */
export class ColumnAccumulator {
  private missing = 0;
  private present = 0;
  private numbers = 0;
  private integers = 0;
  private dates = 0;
  private withSpace = 0;
  private totalLength = 0;
  private readonly seen = new Set<string>();
  private capped = false;
  private readonly examples: string[] = [];
  private firstNonNumber: { line: number; value: string } | undefined;
  private firstNonDate: { line: number; value: string } | undefined;
  private minNumber = Number.POSITIVE_INFINITY;
  private maxNumber = Number.NEGATIVE_INFINITY;
  private minDate = Number.POSITIVE_INFINITY;
  private maxDate = Number.NEGATIVE_INFINITY;

  constructor(readonly name: string) {}

  /** Adds one cell (`line` is where its record starts, for messages). */
  add(raw: string | undefined, line: number): void {
    if (raw === undefined || isMissing(raw)) {
      this.missing++;
      return;
    }
    const value = raw.trim();
    this.present++;
    this.totalLength += value.length;
    if (value.includes(' ')) this.withSpace++;
    if (!this.capped) {
      this.seen.add(value);
      if (this.seen.size > DISTINCT_CAP) this.capped = true;
    }
    if (this.examples.length < 5 && !this.examples.includes(value)) this.examples.push(value);
    const num = parseNumber(value);
    if (Number.isNaN(num)) this.firstNonNumber ??= { line, value: raw };
    else {
      this.numbers++;
      if (INTEGER_RE.test(value)) this.integers++;
      if (num < this.minNumber) this.minNumber = num;
      if (num > this.maxNumber) this.maxNumber = num;
    }
    const date = Number.isNaN(num) ? parseDate(value) : Number.NaN;
    if (Number.isNaN(date)) this.firstNonDate ??= { line, value: raw };
    else {
      this.dates++;
      if (date < this.minDate) this.minDate = date;
      if (date > this.maxDate) this.maxDate = date;
    }
  }

  /** The column's statistics and inferred type so far. */
  stats(): ColumnStats {
    const p = this.present;
    const base = {
      name: this.name,
      missing: this.missing,
      present: p,
      distinct: this.capped ? DISTINCT_CAP : this.seen.size,
      distinctCapped: this.capped,
      meanLength: p === 0 ? 0 : this.totalLength / p,
      examples: [...this.examples],
    };
    if (p > 0 && this.numbers >= p * (1 - INVALID_SHARE)) {
      const invalid = p - this.numbers;
      const type =
        this.integers === this.numbers && /(^|[^a-z])id$/i.test(this.name)
          ? 'id'
          : this.integers === this.numbers
            ? 'integer'
            : 'number';
      return {
        ...base,
        type,
        invalid,
        ...(invalid > 0 && this.firstNonNumber ? { firstInvalid: this.firstNonNumber } : {}),
        min: this.minNumber,
        max: this.maxNumber,
      };
    }
    if (p > 0 && this.dates >= p * (1 - INVALID_SHARE)) {
      const invalid = p - this.dates;
      return {
        ...base,
        type: 'date',
        invalid,
        ...(invalid > 0 && this.firstNonDate ? { firstInvalid: this.firstNonDate } : {}),
        min: this.minDate,
        max: this.maxDate,
      };
    }
    return { ...base, type: this.textKind(), invalid: 0 };
  }

  private textKind(): ColumnType {
    const p = this.present;
    if (p === 0) return 'text';
    const distinct = this.capped ? Number.POSITIVE_INFINITY : this.seen.size;
    if (distinct <= 50 && distinct <= Math.max(2, p / 4)) return 'category';
    const allUnique = !this.capped && distinct === p;
    if (
      (allUnique || /(^|[^a-z])id$/i.test(this.name)) &&
      this.withSpace === 0 &&
      this.totalLength / p <= 40 &&
      p >= 20
    ) {
      return 'id';
    }
    return 'text';
  }
}
