/** For a file that could not be decoded: pick the encoding it was written in and read it again. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TextEncodingName } from '../../../core/data/index.ts';

const ENCODINGS: readonly TextEncodingName[] = ['cp949', 'utf-16le', 'utf-16be', 'utf-8'];

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
            {t(`data.encodings.${enc}`)}
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
