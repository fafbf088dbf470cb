/** The date order of the reading panel (day first, month first, year first, or as the dates show), offered when the file has date columns. */
import { useTranslation } from 'react-i18next';
import type { Inspection, ReadOptions } from '../../../core/data/index.ts';
import { type GuessedFieldProps, ReadingSelect } from './ReadingSelect.tsx';

type DateOrder = NonNullable<ReadOptions['dateOrder']>;
const ORDERS: DateOrder[] = ['dmy', 'mdy', 'ymd'];

/** True when some column holds dates: only then is there an order to choose. */
export function hasDates(inspection: Inspection): boolean {
  return inspection.columns.some((c) => c.type === 'date' || c.dateOrder !== undefined);
}

export function DateOrderField({ inspection, why, onChange, onAuto }: GuessedFieldProps) {
  const { t } = useTranslation();
  const ambiguous = inspection.columns.find((c) => c.dateOrder === 'ambiguous');
  const order = inspection.reading.options.dateOrder;
  // NOTE: dates that read both ways and no order chosen: say so where the choice is made.
  const reason =
    why === '' && ambiguous !== undefined && order === undefined
      ? t('data.reading.dateOrderAmbiguous', {
          column: ambiguous.name,
          example: ambiguous.examples[0] ?? '',
        })
      : why;
  return (
    <ReadingSelect
      label={t('data.reading.dateOrder')}
      why={reason}
      testId="date-order-select"
      value={order ?? 'auto'}
      choices={['auto' as const, ...ORDERS].map((o) => ({
        value: o,
        label: t(`data.reading.dateOrderOptions.${o}`),
      }))}
      onPick={(v) => (v === 'auto' ? onAuto() : onChange({ dateOrder: v as DateOrder }))}
    />
  );
}
