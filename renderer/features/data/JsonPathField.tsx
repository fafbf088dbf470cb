/** The JSON path of the reading panel: which array of records a JSON document is read from (a wrapped array, or the lists inside records). */
import { useTranslation } from 'react-i18next';
import type { Inspection, ReadOptions } from '../../../core/data/index.ts';
import { ReadingSelect } from './ReadingSelect.tsx';

/** True for a JSON document whose records are not simply the whole file, or could be read elsewhere. */
export function hasJsonPathChoice(inspection: Inspection): boolean {
  const paths = inspection.jsonPaths ?? [];
  return inspection.format === 'json' && (paths.length > 1 || inspection.jsonPath !== '');
}

export function JsonPathField({
  inspection,
  why,
  onChange,
}: {
  inspection: Inspection;
  why: string;
  onChange: (change: ReadOptions) => void;
}) {
  const { t } = useTranslation();
  const current = inspection.jsonPath ?? '';
  const paths = inspection.jsonPaths ?? [];
  const choices = paths.some((p) => p.path === current)
    ? paths
    : [{ path: current, records: inspection.rows }, ...paths];
  return (
    <ReadingSelect
      label={t('data.reading.jsonPath')}
      why={why}
      testId="json-path-select"
      value={current}
      choices={choices.map((p) => ({
        value: p.path,
        label: t('data.reading.jsonPathOption', {
          path: p.path === '' ? t('data.reading.jsonPathRoot') : p.path,
          count: p.records,
        }),
      }))}
      onPick={(jsonPath) => onChange({ jsonPath })}
    />
  );
}
