/** What the importer found in a file (size, rows, columns, notes) and the reading panel that changes how it is read. */

import { useTranslation } from 'react-i18next';
import type { LoadedDataset } from '../../app/store.ts';
import { formatBytes, formatCount } from '../../components/format.ts';
import { noteText } from './noteText.ts';
import { ReadingPanel } from './ReadingPanel.tsx';

export function FileSummary({
  dataset,
  onReplace,
}: {
  dataset: LoadedDataset;
  onReplace: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { inspection } = dataset;
  return (
    <section className="panel file-summary" aria-labelledby="file-summary-heading">
      <div className="file-summary__top">
        <div>
          <h2
            className="panel__title file-summary__name"
            id="file-summary-heading"
            data-testid="dataset-name"
            tabIndex={-1}
          >
            {inspection.fileName}
          </h2>
          <p className="panel__hint" data-testid="dataset-facts">
            {t('data.summary.facts', {
              size: formatBytes(dataset.file.size, lng),
              rows: formatCount(inspection.rows, lng),
              columns: inspection.columns.length,
            })}
            {inspection.tokens !== undefined &&
              ` · ${t('data.summary.tokens', { tokens: formatCount(inspection.tokens, lng) })}`}
          </p>
        </div>
        <button type="button" className="button" onClick={onReplace}>
          {t('data.summary.replace')}
        </button>
      </div>
      <ReadingPanel dataset={dataset} />
      {inspection.notes.length > 0 && (
        <ul className="file-summary__notes">
          {inspection.notes.map((note) => (
            <li key={note.text}>{noteText(note, t, lng)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
