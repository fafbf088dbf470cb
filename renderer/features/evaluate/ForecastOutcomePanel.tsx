/** Evaluate for a forecast: the target mode and why, the model's test MAE beside the naive, seasonal naive and Holt-Winters forecasts, MAE per step ahead, and the warning when the model loses. */
import { useTranslation } from 'react-i18next';
import type { ForecastOutcome } from '../../../core/tasks/forecastOutcome.ts';
import { ForecastWarningNotice, useBaselineName } from '../../components/ForecastWarningNotice.tsx';
import { formatMetric } from '../../components/metricFormat.ts';
import { TargetModeLine } from '../../components/TargetModeLine.tsx';

/** Metric keys this panel shows, left out of the general metrics table. */
export const FORECAST_BASELINE_KEYS = ['seasonalNaiveMae', 'seasonalPeriod', 'holtWintersMae'];

export function ForecastOutcomePanel(props: {
  outcome: ForecastOutcome;
  metrics: Record<string, number>;
}) {
  const { t } = useTranslation();
  const { outcome } = props;
  return (
    <section
      className="panel"
      aria-labelledby="forecast-outcome-title"
      data-testid="forecast-outcome"
    >
      <h2 className="panel__title" id="forecast-outcome-title">
        {t('forecastOutcome.baselinesTitle')}
      </h2>
      {outcome.warning !== undefined && <ForecastWarningNotice warning={outcome.warning} />}
      <TargetModeLine outcome={outcome} />
      <BaselineTable metrics={props.metrics} period={outcome.seasonalPeriod} />
      {outcome.seasonalPeriod === null && (
        <p className="panel__hint">{t('forecastOutcome.noSeason')}</p>
      )}
      {outcome.maeByStep.length > 1 && <MaeByStep values={outcome.maeByStep} />}
    </section>
  );
}

function BaselineTable({
  metrics,
  period,
}: {
  metrics: Record<string, number>;
  period: number | null;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const baselineName = useBaselineName();
  const rows = [
    { key: 'model', name: t('forecastOutcome.model'), mae: metrics.mae },
    { key: 'naive', name: baselineName('naive', null), mae: metrics.naiveMae },
    {
      key: 'seasonal-naive',
      name: baselineName('seasonal-naive', period),
      mae: metrics.seasonalNaiveMae,
    },
    { key: 'holt-winters', name: baselineName('holt-winters', null), mae: metrics.holtWintersMae },
  ].filter(
    (r): r is { key: string; name: string; mae: number } =>
      r.mae !== undefined && Number.isFinite(r.mae),
  );
  const lowest = Math.min(...rows.map((r) => r.mae));
  return (
    <table className="metrics-table" data-testid="forecast-baselines">
      <thead>
        <tr>
          <th scope="col">{t('forecastOutcome.forecaster')}</th>
          <th scope="col">{t('forecastOutcome.mae')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-forecaster={r.key}>
            <th scope="row">{r.name}</th>
            <td data-better={r.mae === lowest ? true : undefined}>
              {formatMetric('mae', r.mae, lng)}
              {r.mae === lowest && ` (${t('forecastOutcome.best')})`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MaeByStep({ values }: { values: readonly (number | null)[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const finite = values.filter((v): v is number => v !== null);
  const top = Math.max(...finite, 0);
  return (
    <table className="metrics-table mae-by-step" data-testid="mae-by-step">
      <caption>{t('forecastOutcome.byStepTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('forecastOutcome.step')}</th>
          <th scope="col">{t('forecastOutcome.mae')}</th>
        </tr>
      </thead>
      <tbody>
        {values.map((v, h) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps ahead are positions
          <tr key={h}>
            <th scope="row">{h + 1}</th>
            <td>
              <span
                className="mae-by-step__bar"
                style={{ width: `${v === null || top === 0 ? 0 : (60 * v) / top}%` }}
              />
              {v === null ? '—' : formatMetric('mae', v, lng)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
