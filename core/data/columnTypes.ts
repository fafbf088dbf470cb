/** Column type inference (number, integer, date, category, text, id) from values seen one at a time, in bounded memory. */
import {
  type DateOrder,
  type DateOrderEvidence,
  decideDateOrder,
  parseDateCell,
  parseTimeOfDay,
} from './dates.ts';
import {
  COMMA_FORMAT,
  emptyNumberEvidence,
  type NumberEvidence,
  type NumberFormat,
  type ParsedNumber,
  POINT_FORMAT,
  parseNumberWith,
} from './numbers.ts';

export { parseDate } from './dates.ts';
export { parseNumber } from './numbers.ts';

/** The inferred kind of a column. */
export type ColumnType = 'number' | 'integer' | 'date' | 'category' | 'text' | 'id';

/**
 * Spellings that mean "missing" in a numeric or date column (compared trimmed, case-insensitively).
 * In a text or category column they are ordinary values (a label may be `none`).
 */
export const MISSING_CODES: ReadonlySet<string> = new Set([
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
  // NOTE: FRED and SAS write a missing number as '.', the World Bank and OECD as '..'.
  '.',
  '..',
]);

/** The longest missing-value code: a longer cell is never one (no lowercased copy needed to tell). */
const MISSING_CODE_LONGEST = [...MISSING_CODES].reduce((n, c) => Math.max(n, c.length), 0);

/** True for a trimmed cell spelt as one of {@link MISSING_CODES}, in any case. */
function isMissingCode(value: string): boolean {
  return value.length <= MISSING_CODE_LONGEST && MISSING_CODES.has(value.toLowerCase());
}

/** True for an absent or blank cell. */
export function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

/**
 * The class a label cell names, as the trainer builds classes: trimmed, null when blank. `none`,
 * `NA` or `-` are classes like any other. The Data section counts classes with this too.
 */
export function labelOf(raw: string | undefined): string | null {
  const v = raw?.trim() ?? '';
  return v === '' ? null : v;
}

/** True when `value` is blank or spells a missing number (`NA`, `null`, `-`, …): for numeric columns. */
export function isMissing(value: string | undefined): boolean {
  return isBlank(value) || isMissingCode((value as string).trim());
}

/** Distinct values tracked per column before cardinality is reported as "more than". */
export const DISTINCT_CAP = 1000;
const PLAIN_DECIMAL = /^-?\d{1,3}\.\d{3}$/;
const PLAIN_POINT_DECIMAL = /^-?\d+\.\d+$/;

/** True for `123` or `-7`: the same number under either decimal convention. */
function plainInteger(value: string): boolean {
  const start = value.charCodeAt(0) === 45 ? 1 : 0;
  if (start >= value.length || value.length - start > 15) return false;
  for (let i = start; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Values per column parsed as every kind; after them a column is parsed only as the kind they showed. */
export const TYPE_SAMPLE = 2000;
/** Non-matching values tolerated in a numeric or date column before it becomes text (share). */
const INVALID_SHARE = 0.05;
/** A repeated extreme value is a sentinel candidate when it is at least this far from the rest, in ranges of the rest. */
const SENTINEL_GAP = 1;

/** Names a written-out row index goes by (pandas writes a blank header cell: `column 1` here). */
const INDEX_NAME = /^(column 1|unnamed: ?0|index|idx|#|no\.?|row|rownames|\.\.\.1|)$/i;
/** A value repeated far outside the rest of a numeric column (`-999`, `9999`): probably a missing code. */
export interface SentinelCandidate {
  value: string;
  count: number;
  /** Every spelling of the value in the column (`-200`, `-200,0`): each is a missing code to declare. */
  spellings: string[];
}

/** Statistics of one column, accumulated value by value. */
export interface ColumnStats {
  name: string;
  type: ColumnType;
  /** Missing values: blank cells, the reading options' missing codes and, in numeric or date columns, `NA`-like codes. */
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
  /** `NA`-like codes counted as missing because the rest of the column is numeric or a date. */
  missingCodes?: { code: string; count: number }[];
  /** A numeric sentinel the reading options could declare missing. */
  sentinel?: SentinelCandidate;
  /** Date columns: dates carry a UTC offset (kept as instants). */
  offsets?: boolean;
  /** Date columns: the order of numeric dates decided from the data (or given, when they read both ways), or `ambiguous`. */
  dateOrder?: DateOrder | 'ambiguous';
  /** The dates read both ways and `dateOrder` is the one the reading options gave. */
  dateOrderGiven?: boolean;
  /** Text columns whose every value is a time of day (`18.00.00`). */
  timeOfDay?: boolean;
  /** Integer codes written with leading zeros (`007`), kept as text. */
  leadingZeros?: boolean;
  /** The values are the row numbers (0, 1, 2, … or 1, 2, 3, …): a written-out row index. */
  rowIndex?: boolean;
  /** Numbers read as Excel serial dates (see excelSerial.ts). */
  excelSerial?: boolean;
  /** Every value is separators only (`,`, `;;`): stray punctuation, no data. */
  separatorsOnly?: boolean;
}

/** How a column's values are read once the whole file has been seen. */
export interface ReadContext {
  number: NumberFormat;
  dateOrder?: DateOrder | undefined;
}

/** Adds `value` to a short list of an extreme value's spellings (at most 4 kept). */
function addSpelling(spellings: string[], value: string): void {
  if (spellings.length < 4 && !spellings.includes(value)) spellings.push(value);
}

/** Whether a number cell is whole and written with a leading zero (what its tallies count). */
type NumberShape = Pick<ParsedNumber, 'integer' | 'leadingZero'>;

/** The four shapes, by `(integer ? 2 : 0) + (leadingZero ? 1 : 0)`: one object each, none per cell. */
const SHAPES: readonly NumberShape[] = [
  { integer: false, leadingZero: false },
  { integer: false, leadingZero: true },
  { integer: true, leadingZero: false },
  { integer: true, leadingZero: true },
];

/** Running statistics of the values that parse as numbers under one format. */
class NumberTally {
  count = 0;
  integers = 0;
  leadingZeros = 0;
  first: { line: number; value: string } | undefined;
  min = Number.POSITIVE_INFINITY;
  secondMin = Number.POSITIVE_INFINITY;
  minCount = 0;
  minText = '';
  minSpellings: string[] = [];
  max = Number.NEGATIVE_INFINITY;
  secondMax = Number.NEGATIVE_INFINITY;
  maxCount = 0;
  maxText = '';
  maxSpellings: string[] = [];

  add(p: ParsedNumber | null, value: string, line: number): void {
    if (p === null) {
      this.first ??= { line, value };
      return;
    }
    this.addValue(p.value, value, p);
  }

  /** {@link add} for the cell `value` read as the number `x`, of the given shape. */
  addValue(x: number, value: string, shape: NumberShape): void {
    this.count++;
    if (shape.integer) this.integers++;
    if (shape.leadingZero) this.leadingZeros++;
    if (x < this.min) {
      this.secondMin = this.min;
      [this.min, this.minCount, this.minText, this.minSpellings] = [x, 1, value, [value]];
    } else if (x === this.min) {
      this.minCount++;
      addSpelling(this.minSpellings, value);
    } else if (x < this.secondMin) this.secondMin = x;
    if (x > this.max) {
      this.secondMax = this.max;
      [this.max, this.maxCount, this.maxText, this.maxSpellings] = [x, 1, value, [value]];
    } else if (x === this.max) {
      this.maxCount++;
      addSpelling(this.maxSpellings, value);
    } else if (x > this.secondMax) this.secondMax = x;
  }

  /**
   * The extreme value that is repeated and lies far outside the rest, if any: a code-like whole
   * number (all nines such as `9` or `9999`, or -9 and below such as `-200`, `-999`) seen at least
   * 3 times, either negative where every other value is not, or further from the rest than the
   * rest's whole range.
   */
  sentinel(): SentinelCandidate | undefined {
    const codeLike = (x: number): boolean =>
      Number.isInteger(x) && (/^9+$/.test(String(x)) || x <= -9);
    const spread = this.secondMin < this.secondMax;
    const low = this.secondMin - this.min;
    if (
      this.minCount >= 3 &&
      codeLike(this.min) &&
      Number.isFinite(low) &&
      ((this.min < 0 && this.secondMin >= 0) ||
        (spread && low > SENTINEL_GAP * (this.max - this.secondMin)))
    ) {
      return { value: this.minText, count: this.minCount, spellings: [...this.minSpellings] };
    }
    const high = this.max - this.secondMax;
    if (
      this.maxCount >= 3 &&
      codeLike(this.max) &&
      spread &&
      Number.isFinite(high) &&
      high > SENTINEL_GAP * (this.secondMax - this.min)
    ) {
      return { value: this.maxText, count: this.maxCount, spellings: [...this.maxSpellings] };
    }
    return undefined;
  }
}

/** Running statistics of date cells. */
class DateTally {
  count = 0;
  offsets = 0;
  first: { line: number; value: string } | undefined;
  readonly order: DateOrderEvidence = { dayFirstOnly: 0, monthFirstOnly: 0, either: 0 };
  private readonly range = { mdy: [Infinity, -Infinity], dmy: [Infinity, -Infinity] };

  add(value: string, line: number): void {
    const p = parseDateCell(value);
    if (p === null) {
      this.first ??= { line, value };
      return;
    }
    this.count++;
    if (p.offset) this.offsets++;
    if (p.dayFirst === undefined) {
      this.widen('mdy', p.time);
      this.widen('dmy', p.time);
      return;
    }
    if (p.dayFirst && p.monthFirst) this.order.either++;
    else if (p.dayFirst) this.order.dayFirstOnly++;
    else this.order.monthFirstOnly++;
    this.order.example ??= value;
    if (p.monthFirst) this.widen('mdy', p.time);
    if (p.dayFirst) this.widen('dmy', p.dayFirstTime as number);
  }

  private widen(order: 'mdy' | 'dmy', t: number): void {
    const r = this.range[order];
    if (t < (r[0] as number)) r[0] = t;
    if (t > (r[1] as number)) r[1] = t;
  }

  /** The order decided from this column, the given one, or `ambiguous`. */
  decide(given: DateOrder | undefined): DateOrder | 'ambiguous' | undefined {
    const o = this.order;
    if (o.dayFirstOnly + o.monthFirstOnly + o.either === 0) return undefined;
    return decideDateOrder(o) ?? (given !== undefined && given !== 'ymd' ? given : 'ambiguous');
  }

  rangeFor(order: DateOrder | 'ambiguous' | undefined): [number, number] {
    const r = this.range[order === 'dmy' ? 'dmy' : 'mdy'];
    return [r[0] as number, r[1] as number];
  }
}

/** Accumulates {@link ColumnStats} for one column. */
/** A value of separators only (`,,,`): stray punctuation left by a spreadsheet. */
const SEPARATOR_CELL = /^[,;|]+$/;

export class ColumnAccumulator {
  private blank = 0;
  private declared = 0;
  private present = 0;
  private readonly codes = new Map<string, number>();
  private withSpace = 0;
  private totalLength = 0;
  private readonly seen = new Set<string>();
  private capped = false;
  private readonly examples: string[] = [];
  private readonly point = new NumberTally();
  private readonly comma = new NumberTally();
  private readonly dates = new DateTally();
  private times = 0;
  private punctuation = 0;
  private kind: 'number' | 'date' | 'text' | undefined;
  private rows = 0;
  private indexFrom0 = true;
  private indexFrom1 = true;
  /** Evidence for the file's number format from this column. */
  readonly evidence: NumberEvidence = emptyNumberEvidence();
  private readonly declaredCodes: ReadonlySet<string>;

  constructor(
    readonly name: string,
    options: { missingCodes?: readonly string[] | undefined } = {},
  ) {
    this.declaredCodes = new Set((options.missingCodes ?? []).map((c) => c.trim()));
  }

  /** Cells added so far, missing ones included. */
  get cells(): number {
    return this.rows;
  }

  /** Counts `n` absent cells at once (JSON records without this key). */
  addAbsent(n: number): void {
    this.rows += n;
    this.blank += n;
    if (n > 0) this.indexFrom0 = this.indexFrom1 = false;
  }

  /** Adds one cell (`line` is where its record starts, for messages). */
  add(raw: string | undefined, line: number): void {
    const row = this.rows++;
    if (this.kind === 'number' && raw !== undefined && this.addPlainDecimal(raw, line, row)) return;
    if (raw === undefined || raw.trim() === '') {
      this.blank++;
      this.indexFrom0 = this.indexFrom1 = false;
      return;
    }
    const value = raw.trim();
    if (this.declaredCodes.has(value)) {
      this.declared++;
      return;
    }
    this.present++;
    if (SEPARATOR_CELL.test(value)) this.punctuation++;
    this.totalLength += value.length;
    if (value.includes(' ')) this.withSpace++;
    if (!this.capped) {
      this.seen.add(value);
      if (this.seen.size > DISTINCT_CAP) this.capped = true;
    }
    if (isMissingCode(value)) {
      this.codes.set(value, (this.codes.get(value) ?? 0) + 1);
      this.indexFrom0 = this.indexFrom1 = false;
      return;
    }
    if (this.examples.length < 5 && !this.examples.includes(value)) this.examples.push(value);
    const kind = this.sampledKind();
    if (kind === 'text') {
      // NOTE: times of day are counted past the type sample while every value so far is one.
      if (this.times === this.present - 1 && !Number.isNaN(parseTimeOfDay(value))) this.times++;
      return;
    }
    if (kind === 'date') {
      this.dates.add(value, line);
      return;
    }
    if (this.addNumber(value, raw, line, row)) this.dates.first ??= { line, value: raw };
    else if (kind === undefined) this.dates.add(value, line);
    if (kind === undefined && !Number.isNaN(parseTimeOfDay(value))) this.times++;
  }

  /**
   * {@link add}'s outcome for a plain decimal cell (`-12`, `3.25`: 1–15 digits each side of a
   * point) of a column typed a number, without trimming, lowercasing or parsing objects: such a
   * cell is no missing code, has no spaces or separators and reads as the same number under both
   * conventions when whole; a point decimal is no comma number unless it is `1.234`-like, which is
   * left to {@link add}. False (nothing counted) for any other cell.
   */
  private addPlainDecimal(value: string, line: number, row: number): boolean {
    if (this.declaredCodes.size > 0) return false;
    const n = value.length;
    const start = value.charCodeAt(0) === 45 ? 1 : 0;
    let whole = 0;
    let fraction = -1;
    for (let i = start; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        if (fraction === -1) whole++;
        else fraction++;
      } else if (c === 46 && fraction === -1) fraction = 0;
      else return false;
    }
    if (whole < 1 || whole > 15 || fraction === 0 || fraction > 15) return false;
    if (fraction === 3 && whole <= 3) return false;
    this.present++;
    this.totalLength += n;
    if (!this.capped) {
      this.seen.add(value);
      if (this.seen.size > DISTINCT_CAP) this.capped = true;
    }
    if (this.examples.length < 5 && !this.examples.includes(value)) this.examples.push(value);
    const x = Number(value);
    const integer = fraction === -1;
    const shape = SHAPES[(integer ? 2 : 0) + (whole > 1 && value.charCodeAt(start) === 48 ? 1 : 0)];
    this.point.addValue(x, value, shape as NumberShape);
    if (integer) this.comma.addValue(x, value, shape as NumberShape);
    else {
      this.comma.add(null, value, line);
      this.evidence.pointOnly++;
      this.evidence.pointExample ??= value;
    }
    if (x !== row) this.indexFrom0 = false;
    if (x !== row + 1) this.indexFrom1 = false;
    this.dates.first ??= { line, value };
    return true;
  }

  /**
   * What the first {@link TYPE_SAMPLE} values made of this column, once they are in: later values
   * are parsed only as that kind (types come from the sample; counts from every value).
   */
  private sampledKind(): 'number' | 'date' | 'text' | undefined {
    if (this.kind !== undefined || this.present <= TYPE_SAMPLE) return this.kind;
    const sample = this.present - 1;
    const numbers = Math.max(this.point.count, this.comma.count);
    if (numbers >= sample * 0.5) this.kind = 'number';
    else if (this.dates.count >= sample * 0.5) this.kind = 'date';
    else this.kind = 'text';
    return this.kind;
  }

  /** Tallies `value` as a number under both conventions; true when either reads it. */
  private addNumber(value: string, raw: string, line: number, row: number): boolean {
    const p = parseNumberWith(value, POINT_FORMAT);
    const c = plainInteger(value)
      ? p
      : p !== null && PLAIN_DECIMAL.test(value)
        ? parseNumberWith(value, COMMA_FORMAT) // only `1.234` can also be a grouped comma number
        : PLAIN_POINT_DECIMAL.test(value)
          ? null
          : parseNumberWith(value, COMMA_FORMAT);
    this.point.add(p, raw, line);
    this.comma.add(c, raw, line);
    if (p !== null && c === null) {
      this.evidence.pointOnly++;
      this.evidence.pointExample ??= value;
    } else if (c !== null && p === null) {
      this.evidence.commaOnly++;
      this.evidence.commaExample ??= value;
    }
    if (p?.grouped) {
      this.evidence.groupedPoint[p.grouped] = (this.evidence.groupedPoint[p.grouped] ?? 0) + 1;
    }
    if (c?.grouped) {
      this.evidence.groupedComma[c.grouped] = (this.evidence.groupedComma[c.grouped] ?? 0) + 1;
    }
    const n = p?.value;
    if (n !== row) this.indexFrom0 = false;
    if (n !== row + 1) this.indexFrom1 = false;
    return p !== null || c !== null;
  }

  /** The column's statistics and inferred type, with numbers and dates read as `context` says. */
  stats(context: ReadContext = { number: POINT_FORMAT }): ColumnStats {
    const codeCount = [...this.codes.values()].reduce((a, b) => a + b, 0);
    const tally = context.number.decimal === ',' ? this.comma : this.point;
    const valued = this.present - codeCount;
    const numeric = valued > 0 && tally.count >= valued * (1 - INVALID_SHARE);
    const dated = !numeric && valued > 0 && this.dates.count >= valued * (1 - INVALID_SHARE);
    if (numeric || dated) return this.typedStats(context, tally, numeric, valued, codeCount);
    return { ...this.base(this.present, 0, this.seen.size), ...this.textStats() };
  }

  private base(present: number, codes: number, distinct: number) {
    return {
      name: this.name,
      missing: this.blank + this.declared + codes,
      present,
      distinct: this.capped ? DISTINCT_CAP : distinct,
      distinctCapped: this.capped,
      meanLength: this.present === 0 ? 0 : this.totalLength / this.present,
      examples: [...this.examples],
    };
  }

  private typedStats(
    context: ReadContext,
    tally: NumberTally,
    numeric: boolean,
    valued: number,
    codeCount: number,
  ): ColumnStats {
    const base = this.base(valued, codeCount, this.seen.size - this.codes.size);
    const codes =
      codeCount > 0
        ? { missingCodes: [...this.codes].map(([code, count]) => ({ code, count })) }
        : {};
    if (numeric) {
      const invalid = valued - tally.count;
      const integer = tally.integers === tally.count;
      const sentinel = tally.sentinel();
      if (integer && tally.leadingZeros > 0) {
        return { ...base, ...codes, type: this.codeKind(valued), invalid: 0, leadingZeros: true };
      }
      const indexLike =
        integer &&
        (this.indexFrom0 || this.indexFrom1) &&
        valued >= 3 &&
        INDEX_NAME.test(this.name);
      return {
        ...base,
        ...codes,
        type:
          integer && (indexLike || /(^|[^a-z])id$/i.test(this.name))
            ? 'id'
            : integer
              ? 'integer'
              : 'number',
        invalid,
        ...(invalid > 0 && tally.first !== undefined ? { firstInvalid: tally.first } : {}),
        min: tally.min,
        max: tally.max,
        ...(sentinel !== undefined ? { sentinel } : {}),
        ...(indexLike ? { rowIndex: true } : {}),
      };
    }
    const order = this.dates.decide(context.dateOrder);
    const [min, max] = this.dates.rangeFor(order === undefined ? context.dateOrder : order);
    const invalid = valued - this.dates.count;
    return {
      ...base,
      ...codes,
      type: 'date',
      invalid,
      ...(invalid > 0 && this.dates.first !== undefined ? { firstInvalid: this.dates.first } : {}),
      min,
      max,
      ...(this.dates.offsets > 0 ? { offsets: true } : {}),
      ...(order !== undefined ? { dateOrder: order } : {}),
      ...(order !== undefined && order !== 'ambiguous' && decideDateOrder(this.dates.order) === null
        ? { dateOrderGiven: true }
        : {}),
    };
  }

  private textStats(): Pick<ColumnStats, 'type' | 'invalid' | 'timeOfDay' | 'separatorsOnly'> {
    const timeOfDay = this.present > 0 && this.times === this.present;
    const separatorsOnly = this.present > 0 && this.punctuation === this.present;
    return {
      type: this.textKind(),
      invalid: 0,
      ...(timeOfDay ? { timeOfDay } : {}),
      ...(separatorsOnly ? { separatorsOnly } : {}),
    };
  }

  /** Codes with leading zeros: an identifier when nearly unique, else a category. */
  private codeKind(present: number): ColumnType {
    const distinct = this.capped ? Number.POSITIVE_INFINITY : this.seen.size;
    return distinct <= 50 && distinct <= Math.max(2, present / 4) ? 'category' : 'id';
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
