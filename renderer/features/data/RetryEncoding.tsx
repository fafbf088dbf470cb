/** For a file that could not be decoded: pick the encoding it was written in and read it again. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KNOWN_ENCODINGS, type TextEncodingName } from '../../../core/data/index.ts';

// NOTE: CP949 first: Korean files from older Windows programs are the common case.
const ENCODINGS: readonly TextEncodingName[] = [
  'cp949',
  ...KNOWN_ENCODINGS.filter((e) => e !== 'cp949'),
];

export function RetryEncoding({ onRetry }: { onRetry: (encoding: TextEncodingName) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [encoding, setEncoding] = useState<TextEncodingName>('cp949');
  return (
    <span className="retry-encoding">
      <label htmlFor={id}>{t('data.errors.retryLabel')}</label>
      <select
        id={id}
        className="select"
        data-testid="retry-encoding"
        value={encoding}
        onChange={(e) => setEncoding(e.currentTarget.value as TextEncodingName)}
      >
        {ENCODINGS.map((enc) => (
          <option key={enc} value={enc}>
            {t(`data.encodings.${enc}` as 'data.encodings.utf-8', { defaultValue: enc })}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button"
        data-testid="retry-encoding-button"
        onClick={() => onRetry(encoding)}
      >
        {t('data.errors.retry')}
      </button>
    </span>
  );
}
