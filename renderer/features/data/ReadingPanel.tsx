/** The reading panel: every option the importer used (format, encoding, sheet, JSON path, the table's options, date order, CoNLL columns) with why it was chosen; each is changeable, and a change reads the file again and flows into the run. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Inspection,
  KNOWN_ENCODINGS,
  type ReadOptions,
  type TextEncodingName,
} from '../../../core/data/index.ts';
import type { LoadedDataset } from '../../app/store.ts';
import { ConllLayoutField } from './ConllLayoutField.tsx';
import { DateOrderField, hasDates } from './DateOrderField.tsx';
import { importFile } from './importDataset.ts';
import { hasJsonPathChoice, JsonPathField } from './JsonPathField.tsx';
import { ReadingCarried } from './ReadingCarried.tsx';
import { ReadingItem } from './ReadingItem.tsx';
import { decisionText } from './readingText.ts';
import { hasSerialDateChoice, SerialDatesField } from './SerialDatesField.tsx';
import { hasSheetChoice, SheetField } from './SheetField.tsx';
import { TableReadingFields } from './TableReadingFields.tsx';

const FORMATS = ['csv', 'tsv', 'json', 'jsonl', 'conllu', 'conll', 'text', 'dialog-yaml'] as const;

/** The encodings offered: the named ones, and the file's own when it is another TextDecoder label. */
function encodingChoices(current: TextEncodingName): string[] {
  const known: string[] = [...KNOWN_ENCODINGS];
  return known.includes(current) ? known : [...known, current];
}

/** Reads the file again with `change` added to the user's fixes (`null` forgets them all). */
function reread(dataset: LoadedDataset, change: ReadOptions | null): void {
  void importFile(dataset.file, {
    reading: change === null ? {} : { ...dataset.reading, ...change },
    reinspect: true,
    ...(dataset.sampleId !== undefined ? { sampleId: dataset.sampleId } : {}),
    ...(dataset.grantedPath !== undefined ? { grantedPath: dataset.grantedPath } : {}),
  });
}

export function ReadingPanel({ dataset }: { dataset: LoadedDataset }) {
  const { t } = useTranslation();
  const { inspection } = dataset;
  const { decisions } = inspection.reading;
  const why = (key: keyof ReadOptions) => decisionText(decisions[key], t);
  const change = (c: ReadOptions) => reread(dataset, c);
  /** Forgets the user's `key`: inspection decides it again. */
  const forget = (key: keyof ReadOptions) => {
    const { [key]: _dropped, ...rest } = dataset.reading;
    reread({ ...dataset, reading: rest }, {});
  };
  const formats: Inspection['format'][] = [...FORMATS];
  if (!formats.includes(inspection.format)) formats.push(inspection.format);
  // NOTE: workbooks and Parquet files are binary: no text encoding to choose.
  const isBinary = inspection.format === 'xlsx' || inspection.format === 'parquet';
  const titleId = useId();
  return (
    <section className="reading" aria-labelledby={titleId}>
      <div className="reading__head">
        <h3 id={titleId} className="reading__title">
          {t('data.reading.title')}
        </h3>
        {Object.keys(dataset.reading).length > 0 && (
          <button
            type="button"
            className="button button--small"
            onClick={() => reread(dataset, null)}
          >
            {t('data.reading.reset')}
          </button>
        )}
      </div>
      <p className="panel__hint">{t('data.reading.hint')}</p>
      {dataset.carried !== undefined && <ReadingCarried note={dataset.carried} />}
      <div className="reading__grid">
        <ReadingItem label={t('data.summary.format')} why={why('format')}>
          {({ id, whyId }) => (
            <select
              id={id}
              className="select"
              aria-describedby={whyId}
              data-testid="dataset-format"
              value={inspection.format}
              onChange={(e) =>
                change({ format: e.currentTarget.value as (typeof FORMATS)[number] })
              }
            >
              {formats.map((f) => (
                <option key={f} value={f}>
                  {t(`data.formats.${f}`)}
                </option>
              ))}
            </select>
          )}
        </ReadingItem>
        {!isBinary && (
          <ReadingItem label={t('data.summary.encoding')} why={why('encoding')}>
            {({ id, whyId }) => (
              <select
                id={id}
                className="select"
                aria-describedby={whyId}
                data-testid="encoding-select"
                value={inspection.encoding}
                onChange={(e) => change({ encoding: e.currentTarget.value })}
              >
                {encodingChoices(inspection.encoding).map((enc) => (
                  <option key={enc} value={enc}>
                    {t(`data.encodings.${enc}` as 'data.encodings.utf-8', { defaultValue: enc })}
                  </option>
                ))}
              </select>
            )}
          </ReadingItem>
        )}
        {hasSheetChoice(inspection) && (
          <SheetField inspection={inspection} why={why('sheet')} onChange={change} />
        )}
        {hasJsonPathChoice(inspection) && (
          <JsonPathField inspection={inspection} why={why('jsonPath')} onChange={change} />
        )}
        <TableReadingFields inspection={inspection} why={why} onChange={change} onForget={forget} />
        {hasDates(inspection) && (
          <DateOrderField
            inspection={inspection}
            why={why('dateOrder')}
            onChange={change}
            onAuto={() => forget('dateOrder')}
          />
        )}
        {hasSerialDateChoice(inspection) && (
          <SerialDatesField
            inspection={inspection}
            why={why('serialDates')}
            onChange={change}
            onAuto={() => forget('serialDates')}
          />
        )}
        {inspection.format === 'conll' && inspection.conllLayout !== undefined && (
          <ConllLayoutField layout={inspection.conllLayout} why={why('conll')} onChange={change} />
        )}
      </div>
    </section>
  );
}
