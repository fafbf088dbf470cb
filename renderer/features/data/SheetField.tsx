/** The sheet of the reading panel: which sheet of an .xlsx workbook is read, offered when it has more than one. */
import { useTranslation } from 'react-i18next';
import type { Inspection, ReadOptions } from '../../../core/data/index.ts';
import { ReadingSelect } from './ReadingSelect.tsx';

/** True for a workbook with a choice of sheets. */
export function hasSheetChoice(inspection: Inspection): boolean {
  return inspection.format === 'xlsx' && (inspection.sheets?.length ?? 0) > 1;
}

export function SheetField({
  inspection,
  why,
  onChange,
}: {
  inspection: Inspection;
  why: string;
  onChange: (change: ReadOptions) => void;
}) {
  const { t } = useTranslation();
  return (
    <ReadingSelect
      label={t('data.reading.sheet')}
      why={why}
      testId="sheet-select"
      value={inspection.sheet ?? ''}
      choices={(inspection.sheets ?? []).map((s) => ({ value: s, label: s }))}
      onPick={(sheet) => onChange({ sheet })}
    />
  );
}
