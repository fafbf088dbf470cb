/** Whether numbers are read as Excel serial dates (`43831` → 2020-01-01), offered when a column was read that way or the user chose it. */
import { useTranslation } from 'react-i18next';
import type { Inspection, ReadOptions } from '../../../core/data/index.ts';
import { type GuessedFieldProps, ReadingSelect } from './ReadingSelect.tsx';

type SerialDates = NonNullable<ReadOptions['serialDates']>;
const CHOICES: SerialDates[] = ['excel', 'none'];

/** True when there is an Excel-date reading to confirm or undo. */
export function hasSerialDateChoice(inspection: Inspection): boolean {
  return (
    inspection.reading.options.serialDates !== undefined ||
    inspection.columns.some((c) => c.excelSerial === true)
  );
}

export function SerialDatesField({ inspection, why, onChange, onAuto }: GuessedFieldProps) {
  const { t } = useTranslation();
  const chosen = inspection.reading.options.serialDates;
  return (
    <ReadingSelect
      label={t('data.reading.serialDates')}
      why={why}
      testId="serial-dates-select"
      value={chosen ?? 'auto'}
      choices={['auto' as const, ...CHOICES].map((c) => ({
        value: c,
        label: t(`data.reading.serialDatesOptions.${c}`),
      }))}
      onPick={(v) => (v === 'auto' ? onAuto() : onChange({ serialDates: v as SerialDates }))}
    />
  );
}
