/** The reading panel: every option the importer used (format, encoding, sheet, JSON path, delimiter, quotes, header, decimal and thousands separators, missing codes, date order, CoNLL columns) with why it was chosen; each is changeable, and a change reads the file again and flows into the run. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DELIMITERS,
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
import { MissingCodesField } from './MissingCodesField.tsx';
import { ReadingCarried } from './ReadingCarried.tsx';
import { ReadingItem } from './ReadingItem.tsx';
import { decisionText, delimiterLabel } from './readingText.ts';
import { hasSheetChoice, SheetField } from './SheetField.tsx';

const FORMATS = ['csv', 'tsv', 'json', 'jsonl', 'conllu', 'conll', 'text', 'dialog-yaml'] as const;
const THOUSANDS: [NonNullable<ReadOptions['thousands']>, string][] = [
  ['', 'none'],
  [',', 'comma'],
  ['.', 'point'],
  [' ', 'space'],
  ["'", 'apostrophe'],
];

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
  const { options, decisions } = inspection.reading;
  const why = (key: keyof ReadOptions) => decisionText(decisions[key], t);
  const change = (c: ReadOptions) => reread(dataset, c);
  /** Forgets the user's `key`: inspection decides it again. */
  const forget = (key: keyof ReadOptions) => {
    const { [key]: _dropped, ...rest } = dataset.reading;
    reread({ ...dataset, reading: rest }, {});
  };
  const formats: Inspection['format'][] = [...FORMATS];
  if (!formats.includes(inspection.format)) formats.push(inspection.format);
  const isTable = inspection.format === 'csv' || inspection.format === 'tsv';
  const delimiters: string[] = [...DELIMITERS];
  if (inspection.delimiter !== null && !delimiters.includes(inspection.delimiter)) {
    delimiters.push(inspection.delimiter);
  }
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
        {hasSheetChoice(inspection) && (
          <SheetField inspection={inspection} why={why('sheet')} onChange={change} />
        )}
        {hasJsonPathChoice(inspection) && (
          <JsonPathField inspection={inspection} why={why('jsonPath')} onChange={change} />
        )}
        {isTable && (
          <ReadingItem label={t('data.summary.delimiter')} why={why('delimiter')}>
            {({ id, whyId }) => (
              <select
                id={id}
                className="select"
                aria-describedby={whyId}
                data-testid="delimiter-select"
                value={inspection.delimiter ?? ','}
                onChange={(e) => change({ delimiter: e.currentTarget.value })}
              >
                {delimiters.map((d) => (
                  <option key={d} value={d}>
                    {delimiterLabel(d, t)}
                  </option>
                ))}
              </select>
            )}
          </ReadingItem>
        )}
        {isTable && (
          <ReadingItem label={t('data.reading.quoting')} why={why('quoting')}>
            {({ id, whyId }) => (
              <select
                id={id}
                className="select"
                aria-describedby={whyId}
                value={inspection.quoting ?? 'double'}
                onChange={(e) => change({ quoting: e.currentTarget.value as 'double' | 'none' })}
              >
                <option value="double">{t('data.reading.quotingOptions.double')}</option>
                <option value="none">{t('data.reading.quotingOptions.none')}</option>
              </select>
            )}
          </ReadingItem>
        )}
        {isTable && (
          <ReadingItem label={t('data.summary.header')} why={why('header')}>
            {({ id, whyId }) => (
              <input
                id={id}
                type="checkbox"
                aria-describedby={whyId}
                data-testid="header-checkbox"
                checked={inspection.hasHeader}
                onChange={(e) => change({ header: e.currentTarget.checked ? 'yes' : 'no' })}
              />
            )}
          </ReadingItem>
        )}
        {isTable && (
          <ReadingItem label={t('data.reading.decimal')} why={why('decimal')}>
            {({ id, whyId }) => (
              <select
                id={id}
                className="select"
                aria-describedby={whyId}
                data-testid="decimal-select"
                value={options.decimal ?? '.'}
                onChange={(e) => change({ decimal: e.currentTarget.value as '.' | ',' })}
              >
                <option value=".">{t('data.reading.decimalOptions.point')}</option>
                <option value=",">{t('data.reading.decimalOptions.comma')}</option>
              </select>
            )}
          </ReadingItem>
        )}
        {isTable && (
          <ReadingItem label={t('data.reading.thousands')} why={why('thousands')}>
            {({ id, whyId }) => (
              <select
                id={id}
                className="select"
                aria-describedby={whyId}
                value={options.thousands ?? 'auto'}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  if (v === 'auto') forget('thousands');
                  else change({ thousands: v as NonNullable<ReadOptions['thousands']> });
                }}
              >
                <option value="auto">{t('data.reading.thousandsOptions.auto')}</option>
                {THOUSANDS.map(([value, key]) => (
                  <option key={key} value={value}>
                    {t(
                      `data.reading.thousandsOptions.${key}` as 'data.reading.thousandsOptions.none',
                    )}
                  </option>
                ))}
              </select>
            )}
          </ReadingItem>
        )}
        {isTable && (
          <ReadingItem label={t('data.reading.missing')} why={why('missingCodes')}>
            {({ id, whyId }) => (
              <MissingCodesField
                id={id}
                describedBy={whyId}
                codes={options.missingCodes ?? []}
                onApply={(codes) => change({ missingCodes: codes })}
              />
            )}
          </ReadingItem>
        )}
        {hasDates(inspection) && (
          <DateOrderField
            inspection={inspection}
            why={why('dateOrder')}
            onChange={change}
            onAuto={() => forget('dateOrder')}
          />
        )}
        {inspection.format === 'conll' && inspection.conllLayout !== undefined && (
          <ConllLayoutField layout={inspection.conllLayout} why={why('conll')} onChange={change} />
        )}
      </div>
    </section>
  );
}
