/** Character-scanning readers for the commonest cells of big files (plain decimals, `yyyy-mm-dd[Thh:mm[:ss]]`), from a string or straight from a file's ASCII bytes, giving what parseNumberAs and parseDateAs give without regular expressions or objects; NaN sends a cell to the general readers. */

const ZERO = 48;
const NINE = 57;

/** The digit value of the character at `i`, or -1. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= ZERO && c <= NINE ? c - ZERO : -1;
}

/**
 * The value of a plain decimal (`-12`, `3.25`; 1–15 digits on each side of the `decimal`
 * separator) as parseNumberAs reads it; NaN for any other cell (which the general reader decides).
 */
export function plainNumber(raw: string, decimal: '.' | ','): number {
  const n = raw.length;
  const negative = raw.charCodeAt(0) === 45;
  const sep = decimal.charCodeAt(0);
  let whole = 0;
  let fraction = -1;
  let digits = 0;
  for (let i = negative ? 1 : 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      if (fraction === -1) whole++;
      else fraction++;
      digits = digits * 10 + (c - ZERO);
    } else if (c === sep && fraction === -1) fraction = 0;
    else return Number.NaN;
  }
  if (whole < 1 || whole > 15 || fraction === 0 || fraction > 15) return Number.NaN;
  // NOTE: up to 15 digits the digits are an exact integer (< 2^53) and 10^fraction an exact power,
  // so one correctly rounded division is the nearest double, as Number() reads the text
  // (Clinger 1990, "How to read floating point numbers accurately"); longer cells go to Number().
  if (whole + Math.max(0, fraction) > 15) {
    return Number(fraction === -1 || decimal === '.' ? raw : raw.replace(',', '.'));
  }
  const value = fraction === -1 ? digits : digits / (POWERS_OF_TEN[fraction] as number);
  return negative ? -value : value;
}

/** 10^0 … 10^15, each exact in a double. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** Days from 1970-01-01 to the proleptic Gregorian date (Hinnant's days_from_civil; exact integers). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** `Date.UTC(y, mo - 1, d, h, mi, s)` for years 100–9999, by integer arithmetic (as MakeDay and MakeTime compute it). */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  return daysFromCivil(y, mo, d) * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** The number `width` digits at `at` spell, or -1. */
function digits(s: string, at: number, width: number): number {
  let v = 0;
  for (let i = at; i < at + width; i++) {
    const d = digitAt(s, i);
    if (d === -1) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * The instant (ms since 1970 UTC) of `yyyy-mm-dd`, `yyyy-mm-ddThh:mm` or `yyyy-mm-ddThh:mm:ss`
 * (`T` or a space) as parseDateAs reads it; NaN for any other cell, an impossible date included
 * (the general reader decides those).
 */
export function isoDateTime(raw: string): number {
  const n = raw.length;
  if ((n !== 10 && n !== 16 && n !== 19) || raw[4] !== '-' || raw[7] !== '-') return Number.NaN;
  const y = digits(raw, 0, 4);
  const mo = digits(raw, 5, 2);
  const d = digits(raw, 8, 2);
  // NOTE: Date.UTC reads years 0–99 as 1900–1999; the general reader keeps that quirk.
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return Number.NaN;
  if (n === 10) return utcMs(y, mo, d, 0, 0, 0);
  const t = raw[10];
  if ((t !== 'T' && t !== ' ') || raw[13] !== ':') return Number.NaN;
  const h = digits(raw, 11, 2);
  const mi = digits(raw, 14, 2);
  const s = n === 19 && raw[16] === ':' ? digits(raw, 17, 2) : n === 16 ? 0 : -1;
  if (h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60) return Number.NaN;
  return utcMs(y, mo, d, h, mi, s);
}

/**
 * {@link plainNumber} of the ASCII cell `bytes[start, end)`, read without making its string; NaN
 * also for a plain decimal of more than 15 digits (the string reader then gives Number()'s value).
 * @param decimal the decimal separator's character code (`.` 46 or `,` 44)
 */
export function plainNumberBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  decimal: number,
): number {
  const negative = bytes[start] === 45;
  let whole = 0;
  let fraction = -1;
  let digits = 0;
  for (let i = negative ? start + 1 : start; i < end; i++) {
    const c = bytes[i] as number;
    if (c >= ZERO && c <= NINE) {
      if (fraction === -1) whole++;
      else fraction++;
      digits = digits * 10 + (c - ZERO);
    } else if (c === decimal && fraction === -1) fraction = 0;
    else return Number.NaN;
  }
  if (whole < 1 || fraction === 0 || whole + Math.max(0, fraction) > 15) return Number.NaN;
  const value = fraction === -1 ? digits : digits / (POWERS_OF_TEN[fraction] as number);
  return negative ? -value : value;
}

/** The number the `width` ASCII digits at `at` spell, or -1. */
function digitBytes(bytes: Uint8Array, at: number, width: number): number {
  let v = 0;
  for (let i = at; i < at + width; i++) {
    const c = bytes[i] as number;
    if (c < ZERO || c > NINE) return -1;
    v = v * 10 + (c - ZERO);
  }
  return v;
}

const DASH = 45;
const COLON = 58;
const LETTER_T = 84;
const SPACE = 32;

/**
 * {@link isoDateTime} of ASCII cells read straight from bytes, without making their strings; the
 * day of the last cell read is kept, so a series of hourly stamps parses each day once.
 */
export class IsoDateBytes {
  /** The last day's `yyyy-mm-dd` bytes, and its instant (NaN when none is kept). */
  private readonly day = new Uint8Array(10);
  private dayMs = Number.NaN;

  /** The instant of the last cell read, when {@link read} gave true. */
  value = 0;

  /**
   * Reads the instant of the cell `bytes[start, end)` into {@link value}: true, or false where
   * isoDateTime gives NaN.
   */
  read(bytes: Uint8Array, start: number, end: number): boolean {
    // NOTE: a double kept in a field is updated in place; a returned one would be allocated for
    // every cell (5 M a 200 MiB file) when the call is not inlined.
    const n = end - start;
    if (n !== 10 && n !== 16 && n !== 19) return false;
    const dayMs = this.sameDay(bytes, start) ? this.dayMs : this.readDay(bytes, start);
    if (Number.isNaN(dayMs)) return false;
    if (n === 10) {
      this.value = dayMs;
      return true;
    }
    const t = bytes[start + 10];
    if ((t !== LETTER_T && t !== SPACE) || bytes[start + 13] !== COLON) return false;
    const h = digitBytes(bytes, start + 11, 2);
    const mi = digitBytes(bytes, start + 14, 2);
    const s =
      n === 19 && bytes[start + 16] === COLON
        ? digitBytes(bytes, start + 17, 2)
        : n === 16
          ? 0
          : -1;
    if (h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60) return false;
    // NOTE: the sum utcMs computes, in the same order: exact integers, so the same double.
    this.value = dayMs + ((h * 60 + mi) * 60 + s) * 1000;
    return true;
  }

  private sameDay(bytes: Uint8Array, start: number): boolean {
    if (Number.isNaN(this.dayMs)) return false;
    const day = this.day;
    for (let i = 0; i < 10; i++) if (bytes[start + i] !== day[i]) return false;
    return true;
  }

  /** The instant of the day at `start` (kept for the next cell), or NaN. */
  private readDay(bytes: Uint8Array, start: number): number {
    this.dayMs = Number.NaN;
    if (bytes[start + 4] !== DASH || bytes[start + 7] !== DASH) return Number.NaN;
    const y = digitBytes(bytes, start, 4);
    const mo = digitBytes(bytes, start + 5, 2);
    const d = digitBytes(bytes, start + 8, 2);
    if (y < 100 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return Number.NaN;
    this.day.set(bytes.subarray(start, start + 10));
    this.dayMs = utcMs(y, mo, d, 0, 0, 0);
    return this.dayMs;
  }
}

/** The string of the ASCII bytes `bytes[start, end)` (each byte one character, as UTF-8 decodes them). */
export function asciiText(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}
