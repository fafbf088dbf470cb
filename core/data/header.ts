/** Header detection by evidence: type contrast, the shape and frequency of the first row's cells, two-row headers. */
import { isMissing } from './columnTypes.ts';
import { parseDate } from './dates.ts';
import { withoutTrailingBlank } from './delimited.ts';
import { COMMA_FORMAT, POINT_FORMAT, parseNumberWith } from './numbers.ts';

/** What the first rows of a table say about its header. */
export interface HeaderVerdict {
  /** The first row names the columns. */
  header: boolean;
  /** Rows that form the header (1, or 2 when a second row of names sits above the data). */
  rows: 1 | 2;
  /** False when the evidence is weak either way: the UI should ask. */
  confident: boolean;
  /** The column whose evidence weighed most, and why (for the note shown to the user). */
  evidence: HeaderEvidence;
}

/** Why the verdict was reached. */
export type HeaderEvidence =
  | { kind: 'type-contrast'; column: number; cell: string }
  | { kind: 'numeric-first-row'; column: number; cell: string }
  | { kind: 'shape-contrast'; column: number; cell: string }
  | { kind: 'shape-match'; column: number; cell: string }
  | { kind: 'label-value'; column: number; cell: string }
  | { kind: 'repeated-names' }
  | { kind: 'no-data' }
  | { kind: 'none' };

const IDENTIFIER_RE = /^[\p{L}_][\p{L}\p{N}_ ()/.#%-]{0,40}$/u;

/** A short label-like cell (`review`, `Sale Price`), not a sentence (`Go.`). */
function looksLikeName(cell: string): boolean {
  return IDENTIFIER_RE.test(cell) && !/[.!?]$/.test(cell);
}

function isNumber(v: string): boolean {
  return parseNumberWith(v, POINT_FORMAT) !== null || parseNumberWith(v, COMMA_FORMAT) !== null;
}

function isDate(v: string): boolean {
  return !Number.isNaN(parseDate(v));
}

/** A value's shape: letters as `a`/`A`, digits as `9`, other characters as themselves (`aar` → `aaa`). */
function shapeOf(v: string): string {
  return v.replace(/[a-z]/g, 'a').replace(/[A-Z]/g, 'A').replace(/[0-9]/g, '9');
}

/**
 * The shape nearly every value has (codes such as `aar`, `DE`, `X12`), or null. Needs at least 5
 * distinct values: three 4-letter classes (`none`, `soft`, `hard`) share a shape by chance.
 */
function commonShape(values: readonly string[]): string | null {
  if (values.length < 5 || new Set(values).size < 5) return null;
  const counts = new Map<string, number>();
  for (const v of values) {
    if (v.length > 12) return null;
    const s = shapeOf(v);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const [shape, n] = [...counts].sort((a, b) => b[1] - a[1])[0] as [string, number];
  return n >= values.length * 0.95 ? shape : null;
}

type Kind = 'number' | 'date' | 'text';

function kindOf(values: readonly string[]): Kind {
  if (values.length === 0) return 'text';
  if (values.filter(isNumber).length >= values.length * 0.9) return 'number';
  if (values.filter(isDate).length >= values.length * 0.9) return 'date';
  return 'text';
}

function presentValues(records: readonly string[][], c: number): string[] {
  return records.map((r) => (r[c] ?? '').trim()).filter((v) => !isMissing(v));
}

interface Vote {
  score: number;
  evidence: HeaderEvidence;
}

/** One column's vote: positive for a header, negative against, with its reason. */
function columnVote(cell: string, values: readonly string[], c: number): Vote | null {
  if (values.length === 0 || cell === '') return null;
  const kind = kindOf(values);
  if (kind !== 'text') {
    if (isNumber(cell) || (kind === 'date' && isDate(cell))) {
      return { score: -1, evidence: { kind: 'numeric-first-row', column: c, cell } };
    }
    return { score: 1, evidence: { kind: 'type-contrast', column: c, cell } };
  }
  const shape = commonShape(values);
  if (shape !== null && shapeOf(cell) === shape) {
    return { score: -0.5, evidence: { kind: 'shape-match', column: c, cell } };
  }
  if (shape !== null && looksLikeName(cell)) {
    return { score: 1, evidence: { kind: 'shape-contrast', column: c, cell } };
  }
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const freq = counts.get(cell) ?? 0;
  const categorical =
    values.length >= 8 && counts.size <= 50 && counts.size <= Math.max(2, values.length / 4);
  if (categorical) {
    const typical = values.length / counts.size;
    if (freq >= typical * 0.2 && freq >= 2) {
      return { score: -0.5, evidence: { kind: 'label-value', column: c, cell } };
    }
    return freq === 0 && looksLikeName(cell) ? { score: 0.25, evidence: { kind: 'none' } } : null;
  }
  const spaced = values.filter((v) => v.includes(' ')).length / values.length;
  const meanLength = values.reduce((n, v) => n + v.length, 0) / values.length;
  if (
    looksLikeName(cell) &&
    !cell.includes(' ') &&
    cell.length <= 30 &&
    (spaced >= 0.8 || meanLength > 2 * cell.length + 10)
  ) {
    return { score: 1, evidence: { kind: 'shape-contrast', column: c, cell } };
  }
  return freq > 0 ? { score: -0.25, evidence: { kind: 'label-value', column: c, cell } } : null;
}

function strongest(votes: readonly Vote[], sign: number): HeaderEvidence {
  const best = votes
    .filter((v) => Math.sign(v.score) === sign && v.evidence.kind !== 'none')
    .sort((a, b) => Math.abs(b.score) - Math.abs(a.score))[0];
  return best?.evidence ?? { kind: 'none' };
}

/**
 * Decides whether the first record is a header from the evidence of every column: a text cell
 * above numbers or dates votes for a header, a number there votes against; in text columns a
 * short one-word cell above long free text votes for, a cell that is one of a category's
 * frequent values votes against. Repeated names in the first row vote against. A verdict that
 * rests on weak votes only is not `confident`.
 * @param records the first records of the file (up to a few hundred)
 */
export function judgeHeader(records: readonly string[][]): HeaderVerdict {
  const first = records[0];
  const verdict = (
    header: boolean,
    confident: boolean,
    evidence: HeaderEvidence,
  ): HeaderVerdict => ({
    header,
    rows: 1,
    confident,
    evidence,
  });
  if (first === undefined) return verdict(false, false, { kind: 'no-data' });
  const cells = first.map((v) => v.trim());
  const rest = records
    .slice(1, 300)
    .map((r) => withoutTrailingBlank(r, first.length))
    .filter((r) => r.length === first.length);
  if (rest.length === 0) {
    const names = cells.every((v) => v !== '' && !isNumber(v));
    return verdict(names, false, { kind: 'no-data' });
  }
  const votes = cells
    .map((cell, c) => columnVote(cell, presentValues(rest, c), c))
    .filter((v): v is Vote => v !== null);
  let score = votes.reduce((n, v) => n + v.score, 0);
  const named = cells.filter((v) => v !== '');
  if (new Set(named).size < named.length) score -= 1;
  else if (named.length > 0 && named.every(looksLikeName)) {
    score += 0.25;
  }
  const strong = votes.some((v) => Math.abs(v.score) >= 1);
  if (score > 0) {
    const rows = secondHeaderRow(records, first.length) ? 2 : 1;
    return { ...verdict(true, strong && score >= 1, strongest(votes, 1)), rows };
  }
  if (new Set(named).size < named.length && score <= 0) {
    return verdict(false, score <= -1, { kind: 'repeated-names' });
  }
  return verdict(false, strong && score <= -1, strongest(votes, -1));
}

/** True when the second record is also names: text above the numbers or dates of several columns. */
function secondHeaderRow(records: readonly string[][], width: number): boolean {
  const second = records[1];
  const data = records.slice(2, 300).filter((r) => r.length === width);
  if (second === undefined || data.length < 2) return false;
  let typed = 0;
  let named = 0;
  for (let c = 0; c < width; c++) {
    const kind = kindOf(presentValues(data, c));
    if (kind === 'text') continue;
    typed++;
    const cell = (second[c] ?? '').trim();
    if (cell !== '' && !isNumber(cell) && !isDate(cell)) named++;
  }
  return typed > 0 && named >= Math.max(1, typed / 2);
}

/** Decides whether the first record is a header (see {@link judgeHeader}). */
export function detectHeader(records: readonly string[][]): boolean {
  return judgeHeader(records).header;
}

/**
 * Column names from header records: a two-row header's upper cells are carried right over blanks
 * (merged cells) and joined to the lower ones with a space; blanks become `column N`, repeats get
 * a suffix.
 */
export function headerNames(record: readonly string[], lower?: readonly string[]): string[] {
  const seen = new Map<string, number>();
  let carried = '';
  return record.map((raw, c) => {
    let name = raw.trim();
    if (lower !== undefined) {
      carried = name === '' ? carried : name;
      name = [carried, (lower[c] ?? '').trim()].filter((p) => p !== '').join(' ');
    }
    const base = name === '' ? `column ${c + 1}` : name;
    const times = seen.get(base) ?? 0;
    seen.set(base, times + 1);
    return times === 0 ? base : `${base} (${times + 1})`;
  });
}
