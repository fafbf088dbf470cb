/** The one-line caption under a forecast's prediction interval: what the band shows, how well it held on the test split, and its limits. */
import { useTranslation } from 'react-i18next';
import { formatCount, formatPercent } from './format.ts';

/** What the caption needs of core's interval (core/tasks/forecastOutcome.ts). */
export interface IntervalFacts {
  level: number;
  residuals: number;
  coverage: number | null;
}

/**
 * `steps`: the steps ahead the band covers in Try (its horizon), beyond which rolled forecasts
 * have none; omitted in Evaluate, whose chart shows one step ahead.
 */
export function IntervalCaption({ interval, steps }: { interval: IntervalFacts; steps?: number }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const params = {
    level: formatPercent(interval.level, lng),
    residuals: formatCount(interval.residuals, lng),
    coverage: interval.coverage === null ? '' : formatPercent(interval.coverage, lng),
    steps: steps ?? 1,
  };
  return (
    <p className="panel__hint" data-testid="interval-caption">
      {t(
        steps === undefined
          ? 'forecastInterval.evaluate'
          : steps === 1
            ? 'forecastInterval.tryOne'
            : 'forecastInterval.try',
        params,
      )}
      {interval.coverage !== null && ` ${t('forecastInterval.coverage', params)}`}{' '}
      {t('forecastInterval.limits')}
    </p>
  );
}
