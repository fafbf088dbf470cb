/** Words an inspection note (core gives its kind and numbers) in the UI's language. */
import type { TFunction } from 'i18next';
import type { InspectionNote } from '../../../core/data/index.ts';
import { formatCount } from '../../components/format.ts';

const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

function columnNote(note: InspectionNote, t: TFunction, lng: string): string | null {
  switch (note.kind) {
    case 'missing-values':
      return note.count === 1
        ? t('data.summary.notes.missingOne', { column: note.column })
        : t('data.summary.notes.missingMany', {
            column: note.column,
            count: formatCount(note.count, lng),
          });
    case 'missing-codes':
      return t('data.summary.notes.missingCodes', {
        column: note.column,
        codes: quoted(note.codes),
        count: formatCount(note.count, lng),
      });
    case 'sentinel':
      return t('data.summary.notes.sentinel', {
        column: note.column,
        value: (note.spellings ?? [note.value]).join("', '"),
        count: formatCount(note.count, lng),
      });
    case 'index-column':
      return t('data.summary.notes.indexColumn', { column: note.column });
    case 'date-order':
      return t(
        note.order === 'dmy'
          ? 'data.summary.notes.dateOrderDmy'
          : 'data.summary.notes.dateOrderMdy',
        { column: note.column, example: note.example },
      );
    case 'date-order-ambiguous':
      return t('data.summary.notes.dateOrderAmbiguous', {
        column: note.column,
        example: note.example,
      });
    case 'date-offsets':
      return t('data.summary.notes.dateOffsets', { column: note.column });
    case 'date-time-columns':
      return t('data.summary.notes.dateTimeColumns', { date: note.date, time: note.time });
    case 'excel-dates':
      return t('data.summary.notes.excelDates', {
        column: note.column,
        example: note.example,
        date: note.date,
      });
    case 'date-step':
      return stepText(note, t, lng);
    default:
      return null;
  }
}

/** The regular step of a date column and its gaps, in the UI's language. */
function stepText(
  note: Extract<InspectionNote, { kind: 'date-step' }>,
  t: TFunction,
  lng: string,
): string {
  const column = note.time === undefined ? note.column : `${note.column} + ${note.time}`;
  const every = t(
    `data.summary.notes.stepUnits.${note.unit}` as 'data.summary.notes.stepUnits.hour_other',
    {
      count: note.every,
    },
  );
  if (note.firstGap === undefined) return t('data.summary.notes.dateStep', { column, every });
  return t('data.summary.notes.dateStepGaps', {
    column,
    every,
    gaps: formatCount(note.gaps, lng),
    missing: formatCount(note.missing, lng),
    after: note.firstGap.after,
    before: note.firstGap.before,
  });
}

/** A file remark in the UI's language. */
export function noteText(note: InspectionNote, t: TFunction, lng: string): string {
  const column = columnNote(note, t, lng);
  if (column !== null) return column;
  switch (note.kind) {
    case 'header-uncertain':
      return t(
        note.header
          ? 'data.summary.notes.headerUncertainYes'
          : 'data.summary.notes.headerUncertainNo',
      );
    case 'header-two-rows':
      return t('data.summary.notes.headerTwoRows');
    case 'number-format':
      return note.thousands === ''
        ? t('data.summary.notes.numberFormat', { example: note.example })
        : t('data.summary.notes.numberFormatThousands', {
            example: note.example,
            thousands: note.thousands === ' ' ? '␣' : note.thousands,
          });
    case 'blank-records':
      return t('data.summary.notes.blankRecords', { count: formatCount(note.count, lng) });
    case 'empty-columns':
      return t('data.summary.notes.emptyColumns', {
        count: formatCount(note.columns.length, lng),
        columns: note.columns.slice(0, 5).join(', '),
      });
    case 'columns-capped':
      return t('data.summary.notes.columnsCapped', {
        shown: formatCount(note.shown, lng),
        total: formatCount(note.total, lng),
      });
    case 'encoding-guessed':
      return t('data.summary.notes.encodingGuessed', { encoding: note.encoding });
    case 'dialog-pairs':
      return t('data.summary.notes.dialogPairs', {
        dialogs: formatCount(note.dialogs, lng),
        pairs: formatCount(note.pairs, lng),
      });
    default:
      return note.text;
  }
}
