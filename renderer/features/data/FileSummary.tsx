/** What the importer detected (format, encoding, delimiter, header, rows) with corrections that inspect the file again. */

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DELIMITERS,
  type Delimiter,
  KNOWN_ENCODINGS,
  type ReadOptions,
  type TextEncodingName,
} from '../../../core/data/index.ts';
import type { LoadedDataset } from '../../app/store.ts';
import { formatBytes, formatCount } from '../../components/format.ts';
import { importFile } from './importDataset.ts';
import { noteText } from './noteText.ts';

const ENCODINGS = KNOWN_ENCODINGS;

const DELIMITER_KEYS: Record<Delimiter, 'comma' | 'tab' | 'semicolon' | 'pipe'> = {
  ',': 'comma',
  '\t': 'tab',
  ';': 'semicolon',
  '|': 'pipe',
};

function reinspect(dataset: LoadedDataset, change: ReadOptions): void {
  void importFile(dataset.file, {
    reading: { ...dataset.reading, ...change },
    reinspect: true,
    ...(dataset.sampleId !== undefined ? { sampleId: dataset.sampleId } : {}),
  });
}

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
  const encodingId = useId();
  const delimiterId = useId();
  const headerId = useId();
  const isTable = inspection.format === 'csv' || inspection.format === 'tsv';
  return (
    <section className="panel file-summary" aria-labelledby="file-summary-heading">
      <div className="file-summary__top">
        <div>
          <h2 className="panel__title" id="file-summary-heading" data-testid="dataset-name">
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
      <dl className="facts">
        <div>
          <dt>{t('data.summary.format')}</dt>
          <dd data-testid="dataset-format">{t(`data.formats.${inspection.format}`)}</dd>
        </div>
        <div>
          <dt>
            <label htmlFor={encodingId}>{t('data.summary.encoding')}</label>
          </dt>
          <dd>
            <select
              id={encodingId}
              className="select"
              value={inspection.encoding}
              data-testid="encoding-select"
              onChange={(e) =>
                reinspect(dataset, { encoding: e.currentTarget.value as TextEncodingName })
              }
            >
              {ENCODINGS.map((enc) => (
                <option key={enc} value={enc}>
                  {t(`data.encodings.${enc}`)}
                </option>
              ))}
            </select>
          </dd>
        </div>
        {isTable && (
          <div>
            <dt>
              <label htmlFor={delimiterId}>{t('data.summary.delimiter')}</label>
            </dt>
            <dd>
              <select
                id={delimiterId}
                className="select"
                value={inspection.delimiter ?? ','}
                onChange={(e) =>
                  reinspect(dataset, { delimiter: e.currentTarget.value as Delimiter })
                }
              >
                {DELIMITERS.map((d) => (
                  <option key={d} value={d}>
                    {t(`data.delimiters.${DELIMITER_KEYS[d]}`)}
                  </option>
                ))}
              </select>
            </dd>
          </div>
        )}
        {isTable && (
          <div>
            <dt>
              <label htmlFor={headerId}>{t('data.summary.header')}</label>
            </dt>
            <dd>
              <input
                id={headerId}
                type="checkbox"
                checked={inspection.hasHeader}
                onChange={(e) =>
                  reinspect(dataset, { header: e.currentTarget.checked ? 'yes' : 'no' })
                }
              />
            </dd>
          </div>
        )}
      </dl>
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
