/** A captioning folder or zip being read, or why it cannot be used (a missing or unreadable image, no captions file) in the UI's language, with what to do. */
import { useTranslation } from 'react-i18next';
import { Notice } from '../../../components/Notice.tsx';
import { wordCoreMessage } from '../../../i18n/coreMessages.ts';
import { type CaptionImport, clearCaptionImport } from './importCaptions.ts';

export function CaptionImportStatus({ status }: { status: CaptionImport }) {
  const { t } = useTranslation();
  if (status.status === 'reading') {
    return (
      <div className="panel import-progress" data-testid="caption-reading">
        <p className="panel__title">{t('captionData.reading', { name: status.name })}</p>
      </div>
    );
  }
  if (status.status !== 'failed') return null;
  return (
    <Notice
      tone="error"
      title={t('captionData.failed', { name: status.name })}
      testId="caption-error"
      actions={
        <button type="button" className="button" onClick={clearCaptionImport}>
          {t('captionData.dismiss')}
        </button>
      }
    >
      <p className="notice__message">
        {status.detail === undefined ? status.message : wordCoreMessage(t, status.detail)}
      </p>
    </Notice>
  );
}
