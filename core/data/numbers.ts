/** Numbers as people write them: decimal point or comma, thousands separators, percent and currency signs. */

/** How the numbers of a file are written. */
export interface NumberFormat {
  /** The decimal separator. */
  decimal: '.' | ',';
  /** The thousands separator, or `''` when numbers are not grouped. */
  thousands: '' | ',' | '.' | ' ' | "'";
}

/** Point decimals, comma thousands (`1,234.5`): what a reader assumes until told otherwise. */
export const POINT_FORMAT: NumberFormat = Object.freeze({ decimal: '.', thousands: ',' });
/** Comma decimals, point thousands (`1.234,5`), as German or Spanish spreadsheets write. */
export const COMMA_FORMAT: NumberFormat = Object.freeze({ decimal: ',', thousands: '.' });

/** What one cell says as a number under one format. */
export interface ParsedNumber {
  value: number;
  /** No decimal part and no exponent. */
  integer: boolean;
  /** The thousands separator the cell used, or `''`. */
  grouped: '' | ',' | '.' | ' ' | "'";
  /** Written with a leading zero (`007`): a code, not a quantity. */
  leadingZero: boolean;
}

const CURRENCY = /^([$€£¥₩₹]|USD|EUR|GBP|JPY|KRW)\s?|\s?([$€£¥₩₹]|USD|EUR|GBP|JPY|KRW)$/;
const SPACES = /[\u00a0\u202f]/g;
const EXPONENT = /[eE][+-]?\d+$/;
const PLAIN_POINT = /^-?\d{1,15}(\.\d{1,15})?$/;
const PLAIN_COMMA = /^-?\d{1,15}(,\d{1,15})?$/;

/** Separators that may group thousands when `decimal` is the decimal separator. */
function groupSeparators(decimal: '.' | ','): string[] {
  return decimal === '.' ? [',', ' ', "'"] : ['.', ' '];
}

/**
 * Parses `value` as a number written with `format`'s decimal separator; any thousands separator
 * that cannot be the decimal one is accepted when its groups have three digits. A leading sign,
 * a trailing `%` (kept as written: `12%` is 12) and a currency sign or code are allowed.
 * Returns null for anything else.
 */
export function parseNumberWith(value: string, format: NumberFormat): ParsedNumber | null {
  // Fast path: plain digits with the format's decimal separator (most cells of most files).
  const plain = format.decimal === '.' ? PLAIN_POINT : PLAIN_COMMA;
  if (plain.test(value)) {
    const text = format.decimal === '.' ? value : value.replace(',', '.');
    const dot = text.indexOf('.');
    return {
      value: Number(text),
      integer: dot === -1,
      grouped: '',
      leadingZero: /^-?0\d/.test(value),
    };
  }
  let v = value.trim().replace(SPACES, ' ');
  if (v === '' || v.length > 40) return null;
  let sign = '';
  if (v[0] === '-' || v[0] === '+') {
    sign = v[0] === '-' ? '-' : '';
    v = v.slice(1).trimStart();
  }
  v = v.replace(CURRENCY, '');
  if (v.endsWith('%')) v = v.slice(0, -1).trimEnd();
  if (sign === '' && (v[0] === '-' || v[0] === '+')) {
    sign = v[0] === '-' ? '-' : '';
    v = v.slice(1);
  }
  const exp = EXPONENT.exec(v);
  const mantissa = exp === null ? v : v.slice(0, exp.index);
  const d = format.decimal;
  const dot = mantissa.indexOf(d);
  const whole = dot === -1 ? mantissa : mantissa.slice(0, dot);
  const fraction = dot === -1 ? '' : mantissa.slice(dot + 1);
  if (!/^\d*$/.test(fraction) || (whole === '' && fraction === '')) return null;
  let digits = whole;
  let grouped: ParsedNumber['grouped'] = '';
  if (!/^\d*$/.test(whole)) {
    const sep = groupSeparators(d).find((s) => whole.includes(s));
    if (sep === undefined || exp !== null) return null;
    const groups = whole.split(sep);
    const [first, ...more] = groups as [string, ...string[]];
    if (!/^\d{1,3}$/.test(first) || !more.every((g) => /^\d{3}$/.test(g))) return null;
    digits = groups.join('');
    grouped = sep as ParsedNumber['grouped'];
  }
  const text = `${sign}${digits === '' ? '0' : digits}${fraction === '' ? '' : `.${fraction}`}${exp?.[0] ?? ''}`;
  const n = Number(text);
  if (!Number.isFinite(n)) return null;
  return {
    value: n,
    integer: dot === -1 && exp === null,
    grouped,
    leadingZero: grouped === '' && /^0\d/.test(whole),
  };
}

/** The number `value` says under `format`, or NaN. */
export function parseNumberAs(value: string, format: NumberFormat): number {
  return parseNumberWith(value, format)?.value ?? Number.NaN;
}

/** Parses a number as spreadsheets write it (`1.5`, `-2e3`, `1,234.5`, `$12`, `5%`); NaN when it is not one. */
export function parseNumber(value: string): number {
  return parseNumberAs(value, POINT_FORMAT);
}

/** Evidence for one file's number format, counted over its cells. */
export interface NumberEvidence {
  /** Cells that are numbers only with a decimal point (`3.14`, `1,234.5`). */
  pointOnly: number;
  /** Cells that are numbers only with a decimal comma (`3,14`, `1.234,5`). */
  commaOnly: number;
  /** Thousands separators seen, by separator and decimal convention. */
  groupedPoint: Partial<Record<string, number>>;
  groupedComma: Partial<Record<string, number>>;
  /** A cell of each kind, to show as evidence. */
  pointExample?: string;
  commaExample?: string;
}

/** Empty evidence. */
export function emptyNumberEvidence(): NumberEvidence {
  return { pointOnly: 0, commaOnly: 0, groupedPoint: {}, groupedComma: {} };
}

/** Adds `b` into `a`. */
export function mergeNumberEvidence(a: NumberEvidence, b: NumberEvidence): void {
  a.pointOnly += b.pointOnly;
  a.commaOnly += b.commaOnly;
  for (const [k, n] of Object.entries(b.groupedPoint)) {
    a.groupedPoint[k] = (a.groupedPoint[k] ?? 0) + (n ?? 0);
  }
  for (const [k, n] of Object.entries(b.groupedComma)) {
    a.groupedComma[k] = (a.groupedComma[k] ?? 0) + (n ?? 0);
  }
  a.pointExample ??= b.pointExample;
  a.commaExample ??= b.commaExample;
}

function mostUsed(counts: Partial<Record<string, number>>): NumberFormat['thousands'] {
  let best = '';
  let most = 0;
  for (const [k, n] of Object.entries(counts)) {
    if ((n ?? 0) > most) {
      most = n ?? 0;
      best = k;
    }
  }
  return best as NumberFormat['thousands'];
}

/**
 * Decides the number format from evidence: decimal comma when more cells read only that way
 * than only with a point; the thousands separator the chosen convention saw most (else none).
 */
export function decideNumberFormat(e: NumberEvidence): NumberFormat {
  if (e.commaOnly > e.pointOnly) return { decimal: ',', thousands: mostUsed(e.groupedComma) };
  return { decimal: '.', thousands: mostUsed(e.groupedPoint) };
}
