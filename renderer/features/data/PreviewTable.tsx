/** The preview of the file's rows in a windowed table, with how many of the file's rows it holds. */

import { useTranslation } from 'react-i18next';
import type { ColumnRoles } from '../../../core/data/index.ts';
import type { LoadedDataset } from '../../app/store.ts';
import { columnLabel } from '../../components/columnLabel.ts';
import { formatCount } from '../../components/format.ts';
import { VirtualTable } from '../../components/VirtualTable.tsx';

/** Column width from the examples: short numbers narrow, text wide. */
function widthOf(examples: readonly string[]): number {
  const longest = Math.max(4, ...examples.map((e) => e.length));
  return Math.min(420, Math.max(90, longest * 8 + 24));
}

/** The columns the task uses (marked in the preview), the predicted one first (it is scrolled into view). */
function chosenColumns(roles: ColumnRoles): string[] {
  const { label, target, tag, text, source, date, features = [] } = roles;
  return [label, target, tag, text, source, date, ...features].filter(
    (c): c is string => c !== undefined,
  );
}

export function PreviewTable({ dataset, roles }: { dataset: LoadedDataset; roles: ColumnRoles }) {
  const { t, i18n } = useTranslation();
  const { preview, inspection } = dataset;
  const chosen = chosenColumns(roles)
    .map((name) => preview.columns.indexOf(name))
    .filter((i) => i !== -1);
  const widths = preview.columns.map((name, i) =>
    widthOf([name, ...preview.rows.slice(0, 50).map((r) => r[i] ?? '')]),
  );
  return (
    <section className="panel" aria-labelledby="preview-heading">
      <h2 className="panel__title" id="preview-heading">
        {t('data.preview.title')}
      </h2>
      <p className="panel__hint" data-testid="preview-count">
        {preview.complete
          ? t('data.preview.all', { rows: formatCount(preview.rows.length, i18n.language) })
          : t('data.preview.first', {
              rows: formatCount(preview.rows.length, i18n.language),
              total: formatCount(inspection.rows, i18n.language),
            })}
      </p>
      <VirtualTable
        label={t('data.preview.title')}
        columns={preview.columns.map((name) => columnLabel(name, t, inspection.format))}
        rowCount={preview.rows.length}
        cell={(r, c) => preview.rows[r]?.[c] ?? ''}
        columnWidths={widths}
        marked={chosen}
        {...(chosen[0] !== undefined ? { reveal: chosen[0] } : {})}
        height={320}
        testId="preview-table"
      />
    </section>
  );
}
