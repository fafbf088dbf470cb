/** The import under way (progress and cancel) or the importer's refusal (its message, a hint, what to do next). */
import { useTranslation } from 'react-i18next';
import type { TextEncodingName } from '../../../core/data/index.ts';
import type { ImportStatus } from '../../app/store.ts';
import { studioStore } from '../../app/store.ts';
import { formatBytes, formatCount } from '../../components/format.ts';
import { Notice } from '../../components/Notice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { wordCoreMessage } from '../../i18n/coreMessages.ts';
import { cancelImport } from './importDataset.ts';
import { RetryEncoding } from './RetryEncoding.tsx';

/** Error codes with their own title and hint in the message files. */
const KNOWN_CODES = [
  'empty',
  'header-only',
  'ragged',
  'binary',
  'encoding',
  'format',
  'too-large',
  'too-large-for-browser',
  'too-large-for-desktop',
  'conll-fields',
] as const;
type KnownCode = (typeof KNOWN_CODES)[number];
const isKnown = (code: string | undefined): code is KnownCode =>
  KNOWN_CODES.includes(code as KnownCode);

export function ImportProgressCard({
  status,
}: {
  status: Extract<ImportStatus, { status: 'reading' }>;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const fraction = status.totalBytes > 0 ? status.bytesRead / status.totalBytes : null;
  return (
    <div className="panel import-progress" data-testid="import-progress">
      <p className="panel__title">{t('data.progress.title', { name: status.fileName })}</p>
      <ProgressBar
        label={t('data.progress.label')}
        fraction={fraction}
        detail={t('data.progress.detail', {
          read: formatBytes(status.bytesRead, lng),
          total: formatBytes(status.totalBytes, lng),
          records: formatCount(status.records, lng),
        })}
      />
      <div className="panel__actions">
        <button type="button" className="button" onClick={cancelImport}>
          {t('data.progress.cancel')}
        </button>
      </div>
    </div>
  );
}

export function ImportErrorPanel({
  status,
  onRetryEncoding,
}: {
  status: Extract<ImportStatus, { status: 'failed' }>;
  /** Offered for encoding errors: inspect again as this encoding. */
  onRetryEncoding?: (encoding: TextEncodingName) => void;
}) {
  const { t, i18n } = useTranslation();
  const code = isKnown(status.code) ? status.code : 'other';
  const sizes = {
    ...(status.fileBytes !== undefined
      ? { size: formatBytes(status.fileBytes, i18n.language) }
      : {}),
    ...(status.limitBytes !== undefined
      ? { limit: formatBytes(status.limitBytes, i18n.language) }
      : {}),
  };
  return (
    <Notice
      tone="error"
      title={t(`data.errors.${code}.title`, { name: status.fileName })}
      testId="import-error"
      actions={
        <>
          <button
            type="button"
            className="button"
            onClick={() => studioStore.setImport({ status: 'idle' })}
          >
            {t('data.errors.chooseAnother')}
          </button>
          {onRetryEncoding !== undefined &&
            (status.code === 'encoding' || status.code === 'binary') && (
              <RetryEncoding onRetry={onRetryEncoding} />
            )}
        </>
      }
    >
      <p className="notice__label">{t('data.errors.importerSaid')}</p>
      {status.detail !== undefined ? (
        <p className="notice__message" data-testid="import-error-message">
          {wordCoreMessage(t, status.detail)}
        </p>
      ) : (
        <p className="notice__message" data-testid="import-error-message" lang="en">
          {status.message}
        </p>
      )}
      <p>{t(`data.errors.${code}.hint`, sizes)}</p>
    </Notice>
  );
}
