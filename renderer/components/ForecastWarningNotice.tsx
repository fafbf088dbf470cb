/** The warning a forecast run carries when its model loses to a baseline, worded from its code and parameters (Train and Evaluate show it). */
import { useTranslation } from 'react-i18next';
import type { ForecastWarning } from '../../core/tasks/forecastOutcome.ts';
import { formatMetric } from './metricFormat.ts';
import { Notice } from './Notice.tsx';

/** The baseline's name in the UI's language (`seasonal naive (period 7)`). */
export function useBaselineName(): (
  name: ForecastWarning['baseline'],
  period: number | null,
) => string {
  const { t } = useTranslation();
  return (name, period) => t(`forecastOutcome.baselines.${name}`, { period: period ?? '—' });
}

/** The warning's sentence in the UI's language. */
export function ForecastWarningText({ warning }: { warning: ForecastWarning }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const baselineName = useBaselineName();
  return (
    <>
      {t('forecastOutcome.warning', {
        split: t(`forecastOutcome.splits.${warning.split}`),
        modelMae: formatMetric('mae', warning.modelMae, lng),
        baseline: baselineName(warning.baseline, warning.seasonalPeriod),
        baselineMae: formatMetric('mae', warning.baselineMae, lng),
      })}
    </>
  );
}

export function ForecastWarningNotice({ warning }: { warning: ForecastWarning }) {
  const { t } = useTranslation();
  return (
    <Notice tone="warn" title={t('forecastOutcome.warningTitle')} testId="forecast-warning">
      <p>
        <ForecastWarningText warning={warning} />
      </p>
      <p>{t('forecastOutcome.advice')}</p>
    </Notice>
  );
}
