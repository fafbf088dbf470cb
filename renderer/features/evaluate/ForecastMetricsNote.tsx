/** One line under a forecast's metrics: the target column's units for MAE and RMSE, and why MAPE (%) or MASE is the scale-free error core reported. */
import { useTranslation } from 'react-i18next';

/** Which scale-free error the metrics carry: core reports `mape` only where the actuals stay away from zero, else `mase`. */
export function scaleFreeMetricOf(metrics: Record<string, number>): 'mape' | 'mase' | null {
  if (metrics.mape !== undefined) return 'mape';
  if (metrics.mase !== undefined) return 'mase';
  return null;
}

export function ForecastMetricsNote({
  metrics,
  target,
}: {
  metrics: Record<string, number>;
  target: string | undefined;
}) {
  const { t } = useTranslation();
  const which = scaleFreeMetricOf(metrics);
  return (
    <p className="panel__hint" data-testid="forecast-metrics-note" data-scale-free={which ?? ''}>
      {target !== undefined && t('evaluate.forecast.units', { target })}
      {which !== null && ` ${t(`evaluate.forecast.${which}Note`)}`}
    </p>
  );
}
