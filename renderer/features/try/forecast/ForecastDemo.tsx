/** The forecast demo: the series' last window and the model's forecast H steps (or more, rolled) beyond it. */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ForecastPrediction } from '../../../../core/tasks/task.ts';
import { useBaselineName } from '../../../components/ForecastWarningNotice.tsx';
import { formatPercent } from '../../../components/format.ts';
import { IntervalCaption } from '../../../components/IntervalCaption.tsx';
import { LineChartPanel } from '../../../components/LineChartPanel.tsx';
import { NumberField } from '../../model/fields.tsx';
import { PredictionError, RunButton, TryPanel } from '../TryParts.tsx';
import { predict, type TryModel } from '../tryModel.ts';
import { forecastStateOf, type RolledForecast, rollForecast } from './rollForecast.ts';

/** `'1,0;0,1'` → [[1, 0], [0, 1]] (rows by ';' or newline, values by ','); the core checks the shape and names what is wrong. */
function parseFutureRows(text: string): number[][] {
  return text
    .split(/[;\n]/)
    .map((r) => r.trim())
    .filter((r) => r !== '')
    .map((r) => r.split(',').map((v) => (v.trim() === '' ? Number.NaN : Number(v))));
}

export function ForecastDemo({ model }: { model: TryModel }) {
  const { t, i18n } = useTranslation();
  const baselineName = useBaselineName();
  const id = useId();
  const state = useMemo(() => forecastStateOf(model.taskState), [model.taskState]);
  const univariate = state.columns.length === 1;
  const [steps, setSteps] = useState(state.horizon);
  const [rolled, setRolled] = useState<RolledForecast | null>(null);
  const values = rolled?.values ?? null;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const known = state.knownFuture ?? [];
  const [futureText, setFutureText] = useState('');
  const run = () => {
    setBusy(true);
    setError(null);
    const future = known.length > 0 ? parseFutureRows(futureText) : undefined;
    rollForecast(state.lastRows, {
      steps,
      horizon: state.horizon,
      predict: async (rows) => {
        const [p] = await predict(model.source, [{ rows, ...(future ? { future } : {}) }]);
        return p as ForecastPrediction;
      },
    })
      .then(setRolled)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };
  const history = state.lastRows.map((r, i) => ({
    x: i - state.lastRows.length + 1,
    y: r[0] as number,
  }));
  const last = history.at(-1);
  const end = state.endBaseline;
  const baseline =
    end === undefined
      ? null
      : {
          name: t('forecastOutcome.tryBaseline', {
            baseline: baselineName(end.name, state.baselines?.seasonalPeriod ?? null),
          }),
          values: end.values,
        };
  const band = rolled?.interval;
  const lng = i18n.resolvedLanguage ?? 'en';
  const forecast =
    values === null
      ? []
      : [...(last === undefined ? [] : [last]), ...values.map((y, i) => ({ x: i + 1, y }))];
  return (
    <TryPanel id={id} title={t('try.forecast.title', { target: state.columns[0] })}>
      <p className="panel__hint">
        {t('try.forecast.explain', { window: state.window, horizon: state.horizon })}
      </p>
      <div className="try-controls">
        <NumberField
          label={t('try.forecast.steps')}
          value={steps}
          min={1}
          max={univariate ? 365 : state.horizon}
          testId="try-steps"
          onChange={setSteps}
        />
        {known.length > 0 && (
          <div className="field">
            <label htmlFor={`${id}-future`}>
              {t('try.forecast.future', { columns: known.join(', '), horizon: state.horizon })}
            </label>
            <input
              id={`${id}-future`}
              className="input"
              value={futureText}
              placeholder={Array.from({ length: state.horizon }, () =>
                known.map(() => '0').join(','),
              ).join(';')}
              data-testid="try-future"
              onChange={(e) => setFutureText(e.currentTarget.value)}
            />
          </div>
        )}
        <RunButton label={t('try.forecast.run')} busy={busy} onClick={run} />
      </div>
      {!univariate && <p className="panel__hint">{t('try.forecast.multivariate')}</p>}
      <PredictionError error={error} />
      <LineChartPanel
        title={t('try.forecast.chart')}
        xLabel={t('try.forecast.stepAxis')}
        integerX
        testId="try-forecast-chart"
        height={260}
        {...(band === undefined
          ? {}
          : {
              band: {
                id: 'interval',
                name: t('forecastInterval.legend', { level: formatPercent(band.level, lng) }),
                color: 'var(--chart-1)',
                // The band opens from the last observed value (no uncertainty there), a fan.
                points: [
                  ...(last === undefined ? [] : [{ x: last.x, low: last.y, high: last.y }]),
                  ...band.lower.map((low, i) => ({ x: i + 1, low, high: band.upper[i] as number })),
                ],
              },
            })}
        series={[
          {
            id: 'history',
            name: t('try.forecast.history'),
            color: 'var(--text-muted)',
            points: history,
          },
          {
            id: 'forecast',
            name: t('try.forecast.forecast'),
            color: 'var(--chart-1)',
            points: forecast,
            dots: true,
          },
          ...(baseline === null
            ? []
            : [
                {
                  id: 'baseline',
                  name: baseline.name,
                  color: 'var(--chart-2)',
                  points: [
                    ...(last === undefined ? [] : [last]),
                    ...baseline.values.map((y, i) => ({ x: i + 1, y })),
                  ],
                  dots: true,
                },
              ]),
        ]}
      />
      {band !== undefined && state.interval !== undefined && (
        <IntervalCaption interval={state.interval} steps={band.lower.length} />
      )}
      {baseline !== null && (
        <p className="panel__hint" data-testid="try-baseline">
          {t('forecastOutcome.tryOffered', { baseline: baseline.name })}{' '}
          {baseline.values.map((v, i) => `t+${i + 1}: ${v.toFixed(2)}`).join(', ')}
        </p>
      )}
      {values !== null && (
        <ol className="forecast-values" data-testid="try-result">
          {values.map((v, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the step is the position.
            <li key={i}>
              t+{i + 1}: <strong>{v.toFixed(2)}</strong>
              {band !== undefined && i < band.lower.length && (
                <span className="forecast-values__interval">
                  {' '}
                  ({(band.lower[i] as number).toFixed(2)} – {(band.upper[i] as number).toFixed(2)})
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </TryPanel>
  );
}
