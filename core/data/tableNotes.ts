/** Remarks about how a table was read (header, number format, dates, missing codes, dropped columns), each with a code and its numbers. */
import type { ColumnStats } from './columnTypes.ts';
import { type DateStepNote, dateStepNote } from './dateSteps.ts';
import type { DateOrder } from './dates.ts';
import { excelSerialNote } from './excelSerial.ts';
import type { HeaderEvidence, HeaderVerdict } from './header.ts';
import type { NumberFormat } from './numbers.ts';
import type { ColumnRoles } from './roles.ts';
import type { TableScan } from './tableScanner.ts';

/**
 * A remark about a table. `kind` is the code the UI words in its language from the other fields;
 * `text` is the English wording (CLI, logs).
 */
export type TableNote =
  | { kind: 'missing-values'; column: string; count: number; text: string }
  | { kind: 'missing-codes'; column: string; codes: string[]; count: number; text: string }
  | {
      kind: 'sentinel';
      column: string;
      value: string;
      count: number;
      /** Every spelling of the value (`-200`, `-200,0`): declare each as a missing code. */
      spellings: string[];
      text: string;
    }
  | { kind: 'header-uncertain'; header: boolean; evidence: HeaderEvidence; text: string }
  | { kind: 'header-two-rows'; text: string }
  | { kind: 'number-format'; decimal: ',' | '.'; thousands: string; example: string; text: string }
  | { kind: 'date-order'; column: string; order: 'dmy' | 'mdy'; example: string; text: string }
  | { kind: 'date-order-ambiguous'; column: string; example: string; text: string }
  | { kind: 'date-offsets'; column: string; text: string }
  | { kind: 'excel-dates'; column: string; example: string; date: string; text: string }
  | { kind: 'date-time-columns'; date: string; time: string; text: string }
  | DateStepNote
  | { kind: 'index-column'; column: string; text: string }
  | { kind: 'blank-records'; count: number; text: string }
  | { kind: 'empty-columns'; columns: string[]; text: string }
  | { kind: 'columns-capped'; shown: number; total: number; text: string };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Notes on each column's missing values, missing codes and sentinel candidates. */
function columnNotes(c: ColumnStats): TableNote[] {
  const notes: TableNote[] = [];
  if (c.missingCodes !== undefined) {
    const codes = c.missingCodes.map((m) => m.code);
    const count = c.missingCodes.reduce((n, m) => n + m.count, 0);
    notes.push({
      kind: 'missing-codes',
      column: c.name,
      codes,
      count,
      text: `Column '${c.name}' is numeric, so ${codes.map((x) => `'${x}'`).join(', ')} (${plural(count, 'cell')}) are read as missing.`,
    });
  }
  if (c.missing > 0) {
    notes.push({
      kind: 'missing-values',
      column: c.name,
      count: c.missing,
      text: `Column '${c.name}' has ${plural(c.missing, 'missing value')}.`,
    });
  }
  if (c.sentinel !== undefined) {
    const { value, count, spellings } = c.sentinel;
    const codes = spellings.map((v) => `'${v}'`).join(' and ');
    notes.push({
      kind: 'sentinel',
      column: c.name,
      value,
      count,
      spellings,
      text:
        spellings.length > 1
          ? `Column '${c.name}': ${codes} (one number) occur ${plural(count, 'time')} far outside the other values; they may be a missing-value code. Add each to the missing codes to read it as missing.`
          : `Column '${c.name}': ${codes} occurs ${plural(count, 'time')} far outside the other values; it may be a missing-value code. Add it to the missing codes to read it as missing.`,
    });
  }
  return notes;
}

function dateNotes(c: ColumnStats, columns: readonly ColumnStats[]): TableNote[] {
  const notes: TableNote[] = [];
  // NOTE: an order the user gave for dates that read both ways is theirs, not the data's: no note.
  if ((c.dateOrder === 'dmy' || c.dateOrder === 'mdy') && c.dateOrderGiven !== true) {
    const example = c.examples[0] ?? '';
    notes.push({
      kind: 'date-order',
      column: c.name,
      order: c.dateOrder,
      example,
      text: `Column '${c.name}': dates are read ${c.dateOrder === 'dmy' ? 'day first (31/01/2020)' : 'month first (1/31/2020)'}, as values such as '${example}' show.`,
    });
  } else if (c.dateOrder === 'ambiguous') {
    const example = c.examples[0] ?? '';
    notes.push({
      kind: 'date-order-ambiguous',
      column: c.name,
      example,
      text: `Column '${c.name}': every date (e.g. '${example}') reads both day first and month first. Choose the date order.`,
    });
  }
  if (c.excelSerial === true) notes.push(excelSerialNote(c));
  if (c.offsets === true) {
    notes.push({
      kind: 'date-offsets',
      column: c.name,
      text: `Column '${c.name}': times carry UTC offsets and are read as instants.`,
    });
  }
  const next = columns[columns.indexOf(c) + 1];
  if (next?.timeOfDay === true) {
    notes.push({
      kind: 'date-time-columns',
      date: c.name,
      time: next.name,
      text: `Columns '${c.name}' and '${next.name}' hold a date and a time of day: together they are one timestamp.`,
    });
  }
  return notes;
}

function headerNotes(verdict: HeaderVerdict | null): TableNote[] {
  if (verdict === null) return [];
  const notes: TableNote[] = [];
  if (!verdict.confident) {
    notes.push({
      kind: 'header-uncertain',
      header: verdict.header,
      evidence: verdict.evidence,
      text: `The first row was ${verdict.header ? '' : 'not '}taken as a header, but the file does not make it clear. Check "First row is a header".`,
    });
  }
  if (verdict.header && verdict.rows === 2) {
    notes.push({
      kind: 'header-two-rows',
      text: 'The first two rows both look like column names; they can be read as one two-row header.',
    });
  }
  return notes;
}

function formatNote(format: NumberFormat, example: string | undefined): TableNote[] {
  if (format.decimal === '.' || example === undefined) return [];
  return [
    {
      kind: 'number-format',
      decimal: format.decimal,
      thousands: format.thousands,
      example,
      text: `Numbers are written with a decimal comma (e.g. '${example}')${format.thousands === '' ? '' : ` and '${format.thousands}' between thousands`}.`,
    },
  ];
}

/** Every note about a scanned table, in the order the UI shows them. */
/**
 * The regular step of the suggested date column (joined with its time-of-day column when that is
 * the next one), read in the column's date order, and its gaps.
 */
function stepNote(
  scan: TableScan,
  roles: ColumnRoles,
  given: DateOrder | undefined,
): DateStepNote | null {
  const i = scan.columns.findIndex((c) => c.name === roles.date);
  const column = scan.columns[i];
  const tracked = scan.dateSteps.find((s) => s.column === scan.columnIndexes[i]);
  if (column === undefined || tracked === undefined) return null;
  const order = column.dateOrder;
  const dayFirst =
    order === 'dmy' || ((order === undefined || order === 'ambiguous') && given === 'dmy');
  const t = scan.columns.findIndex((c) => c.name === roles.time);
  const timed = t >= 0 && scan.columnIndexes[t] === tracked.column + 1;
  const step = tracked.step(dayFirst, timed);
  return step === null ? null : dateStepNote(step, column.name, timed ? roles.time : undefined);
}

/** Notes on a scanned table: header, number format, left-out columns and records, each column's values, the date step. */
export function tableNotes(
  scan: TableScan,
  extra: {
    verdict: HeaderVerdict | null;
    blankRecords: number;
    roles: ColumnRoles;
    dateOrder: DateOrder | undefined;
  },
): TableNote[] {
  const notes: TableNote[] = [...headerNotes(extra.verdict)];
  notes.push(...formatNote(scan.numberFormat, scan.numberEvidence.commaExample));
  if (scan.totalColumns > scan.columnIndexes.length + scan.emptyColumns.length) {
    const shown = scan.columnIndexes.length + scan.emptyColumns.length;
    notes.push({
      kind: 'columns-capped',
      shown,
      total: scan.totalColumns,
      text: `The file has ${scan.totalColumns} columns; only the first ${shown} are described.`,
    });
  }
  if (scan.emptyColumns.length > 0) {
    notes.push({
      kind: 'empty-columns',
      columns: scan.emptyColumns,
      text: `${plural(scan.emptyColumns.length, 'column')} without any value (${scan.emptyColumns.slice(0, 5).join(', ')}) left out.`,
    });
  }
  if (extra.blankRecords > 0) {
    notes.push({
      kind: 'blank-records',
      count: extra.blankRecords,
      text: `${plural(extra.blankRecords, 'empty record')} (blank or only separators) skipped.`,
    });
  }
  for (const c of scan.columns) {
    if (c.rowIndex === true) {
      notes.push({
        kind: 'index-column',
        column: c.name,
        text: `Column '${c.name}' numbers the rows (a written-out index); it is not used as data.`,
      });
    }
    if (c.type === 'date') notes.push(...dateNotes(c, scan.columns));
    notes.push(...columnNotes(c));
  }
  const step = stepNote(scan, extra.roles, extra.dateOrder);
  if (step !== null) notes.push(step);
  return notes;
}
