/** The status bar wired to the trainer: connecting, its `hello` answer, or why it failed. */
import { useTranslation } from 'react-i18next';
import { StatusBar } from '../components/StatusBar.tsx';
import { useTrainerStatus } from './useTrainerStatus.ts';

export function TrainerStatusBar() {
  const { t } = useTranslation();
  const status = useTrainerStatus();
  switch (status.state) {
    case 'connecting':
      return <StatusBar label={t('status.label')} tone="pending" text={t('status.connecting')} />;
    case 'ready':
      return (
        <StatusBar
          label={t('status.label')}
          tone="ok"
          text={t('status.ready')}
          detail={t('status.detail', {
            version: status.hello.coreVersion,
            host: t(`host.${status.hello.host}`),
          })}
          trailing={t(`shell.${status.shell}`)}
        />
      );
    case 'failed':
      return (
        <StatusBar
          label={t('status.label')}
          tone="error"
          text={t('status.failed', { message: status.message })}
        />
      );
  }
}
