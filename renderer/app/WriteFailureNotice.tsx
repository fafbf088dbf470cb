/** The failed writes of the user's work (autosave, checkpoints, browser storage), one error notice each until dismissed, worded in the user's language. */
import { useTranslation } from 'react-i18next';
import { Notice } from '../components/Notice.tsx';
import { useWriteFailures, type WriteFailure, writeFailures } from './writeFailures.ts';

function FailureText({ failure }: { failure: WriteFailure }) {
  const { t } = useTranslation();
  const values = {
    path: failure.path ?? '',
    runId: failure.runId ?? '',
    message: failure.message,
  };
  switch (failure.kind) {
    case 'autosave':
      return <p className="notice__message">{t('writeFailed.autosave', values)}</p>;
    case 'checkpoint':
      return <p className="notice__message">{t('writeFailed.checkpoint', values)}</p>;
    case 'storage':
      return <p className="notice__message">{t('writeFailed.storage', values)}</p>;
  }
}

export function WriteFailureNotice() {
  const { t } = useTranslation();
  const failures = useWriteFailures();
  if (failures.length === 0) return null;
  return (
    <div className="write-failures" data-testid="write-failures">
      {failures.map((failure) => (
        <Notice
          key={`${failure.kind}-${failure.runId ?? ''}`}
          tone="error"
          title={t('writeFailed.title')}
          testId={`write-failed-${failure.kind}`}
          actions={
            <button type="button" className="button" onClick={() => writeFailures.dismiss(failure)}>
              {t('writeFailed.dismiss')}
            </button>
          }
        >
          <FailureText failure={failure} />
        </Notice>
      ))}
    </div>
  );
}
