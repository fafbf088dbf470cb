/** The sheet of the reading panel: which sheet of an .xlsx workbook is read, offered when it has more than one. */
import { useTranslation } from 'react-i18next';
import type { Inspection, ReadOptions } from '../../../core/data/index.ts';
import { ReadingItem } from './ReadingItem.tsx';

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
    <ReadingItem label={t('data.reading.sheet')} why={why}>
      {({ id, whyId }) => (
        <select
          id={id}
          className="select"
          aria-describedby={whyId}
          data-testid="sheet-select"
          value={inspection.sheet ?? ''}
          onChange={(e) => onChange({ sheet: e.currentTarget.value })}
        >
          {(inspection.sheets ?? []).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      )}
    </ReadingItem>
  );
}
