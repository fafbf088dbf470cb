/** The forecast's target mode and why, worded from a run's outcome (Evaluate and the Model section show it). */
import { useTranslation } from 'react-i18next';
import type { ForecastOutcome } from '../../core/tasks/forecastOutcome.ts';
import { formatMetric } from './metricFormat.ts';

export function TargetModeLine({ outcome }: { outcome: ForecastOutcome }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const mode = t(`model.targetModes.${outcome.targetMode}`);
  const s = outcome.targetModeScores;
  const text =
    outcome.targetModeSetting === 'auto' && s !== undefined
      ? t('forecastOutcome.targetModeAuto', {
          mode,
          shift: formatMetric('mae', Math.abs(outcome.targetShift ?? 0), lng),
          direction: t(
            (outcome.targetShift ?? 0) >= 0
              ? 'forecastOutcome.shiftAbove'
              : 'forecastOutcome.shiftBelow',
          ),
          level: formatMetric('mae', s.level ?? Number.NaN, lng),
          change: formatMetric('mae', s.change ?? Number.NaN, lng),
          windowNorm: formatMetric('mae', s['window-norm'] ?? Number.NaN, lng),
        })
      : t('forecastOutcome.targetModeSet', { mode });
  return (
    <p className="panel__hint" data-testid="target-mode-line">
      {text}
    </p>
  );
}
