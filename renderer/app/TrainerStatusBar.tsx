/** The status bar wired to the trainer: connecting, its `hello` answer, the run it is busy with, or why it failed. */
import { useTranslation } from 'react-i18next';
import { formatCount } from '../components/format.ts';
import { StatusBar } from '../components/StatusBar.tsx';
import { useRuns } from './runs.ts';
import { trainerActivity } from './trainerActivity.ts';
import { useTrainerStatus } from './useTrainerStatus.ts';

export function TrainerStatusBar() {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const status = useTrainerStatus();
  const runs = useRuns((s) => s.runs);
  const activity = trainerActivity(runs);
  switch (status.state) {
    case 'connecting':
      return <StatusBar label={t('status.label')} tone="pending" text={t('status.connecting')} />;
    case 'ready':
      return (
        <StatusBar
          label={t('status.label')}
          tone={activity === null ? 'ok' : 'busy'}
          text={
            activity === null
              ? t('status.ready')
              : t(`status.activity.${activity.state}`, {
                  run: activity.run,
                  epoch: activity.epoch?.current,
                  epochs: activity.epoch?.total,
                  examples: formatCount(activity.evaluating?.examples ?? 0, lng),
                  total: formatCount(activity.evaluating?.total ?? 0, lng),
                  context:
                    activity.evaluating !== undefined
                      ? 'evaluating'
                      : activity.epoch !== undefined
                        ? 'epoch'
                        : undefined,
                })
          }
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
