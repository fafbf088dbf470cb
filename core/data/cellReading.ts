/** Applies the cell-level reading options (missing codes, decimal and thousands separators) to parsed records, the same way for inspection and every reader. */
import type { ReadOptions } from './readOptions.ts';

/** Rewrites one record's cells in place and returns it. */
export type CellNormaliser = (fields: string[]) => string[];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A function that rewrites cells as `options` say: a missing code becomes `''`, a number written
 * with the given decimal and thousands separators becomes its plain form (`1.234,5` → `1234.5`).
 * Cells that are not numbers in that notation are left as they are, so text is never altered.
 * Returns null when no option asks for a rewrite (the cells are then read as written).
 */
export function cellNormaliser(options: ReadOptions): CellNormaliser | null {
  const codes = new Set((options.missingCodes ?? []).map((c) => c.trim()));
  const number = numberRewriter(options.decimal ?? '.', options.thousands);
  if (codes.size === 0 && number === null) return null;
  return (fields) => {
    for (let c = 0; c < fields.length; c++) {
      const raw = fields[c] as string;
      const v = raw.trim();
      if (codes.has(v)) fields[c] = '';
      else if (number !== null) fields[c] = number(v) ?? raw;
    }
    return fields;
  };
}

/**
 * Rewrites numbers written with `decimal` and `thousands` to the plain `1234.5` form; null when the
 * notation is the one every reader already parses (`.` decimal, `,` or no grouping).
 */
function numberRewriter(
  decimal: '.' | ',',
  thousands: ReadOptions['thousands'],
): ((v: string) => string | undefined) | null {
  if (decimal === '.' && (thousands === undefined || thousands === ',' || thousands === '')) {
    return null;
  }
  const d = escapeRegExp(decimal);
  const plain = new RegExp(`^[+-]?(\\d+(${d}\\d*)?|${d}\\d+)$`);
  // NOTE: with a decimal comma and no thousands separator given, '.' groups (the European way).
  const group = thousands ?? (decimal === ',' ? '.' : ',');
  const grouped =
    group === '' ? null : new RegExp(`^[+-]?\\d{1,3}(${escapeRegExp(group)}\\d{3})+(${d}\\d+)?$`);
  return (v) => {
    if (plain.test(v)) return decimal === '.' ? v : v.replace(',', '.');
    if (grouped?.test(v) === true) {
      const digits = v.split(group).join('');
      return decimal === '.' ? digits : digits.replace(',', '.');
    }
    return undefined;
  };
}
