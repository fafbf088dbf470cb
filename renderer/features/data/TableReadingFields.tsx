/** The reading panel's options for tables (CSV, TSV, and a workbook's sheet): delimiter, quotes, header, decimal and thousands separators, missing codes. */
import { useTranslation } from 'react-i18next';
import { DELIMITERS, type Inspection, type ReadOptions } from '../../../core/data/index.ts';
import { MissingCodesField } from './MissingCodesField.tsx';
import { ReadingItem } from './ReadingItem.tsx';
import { delimiterLabel } from './readingText.ts';

const THOUSANDS: [NonNullable<ReadOptions['thousands']>, string][] = [
  ['', 'none'],
  [',', 'comma'],
  ['.', 'point'],
  [' ', 'space'],
  ["'", 'apostrophe'],
];

export function TableReadingFields({
  inspection,
  why,
  onChange: change,
  onForget: forget,
}: {
  inspection: Inspection;
  /** Why option `key` has its value, in the UI's language. */
  why: (key: keyof ReadOptions) => string;
  onChange: (change: ReadOptions) => void;
  /** Forgets the user's `key`: inspection decides it again. */
  onForget: (key: keyof ReadOptions) => void;
}) {
  const { t } = useTranslation();
  const { options } = inspection.reading;
  const isTable = inspection.format === 'csv' || inspection.format === 'tsv';
  // NOTE: a sheet has rows and cells too: its header and missing codes are the user's to fix.
  const isSheet = inspection.format === 'xlsx';
  const delimiters: string[] = [...DELIMITERS];
  if (inspection.delimiter !== null && !delimiters.includes(inspection.delimiter)) {
    delimiters.push(inspection.delimiter);
  }
  return (
    <>
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
      {(isTable || isSheet) && (
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
      {(isTable || isSheet) && (
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
    </>
  );
}
