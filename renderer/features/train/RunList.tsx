/** The list of runs (state, best validation metric) with a chart comparing the chosen runs' validation curves. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type RunView, runsStore, useRuns } from '../../app/runs.ts';
import { type ChartSeries, LineChartPanel } from '../../components/LineChartPanel.tsx';
import { formatMetric, higherIsBetter, primaryMetricOf } from '../../components/metricFormat.ts';

const PALETTE = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'];

function bestOf(run: RunView, metric: string): number | undefined {
  const values = run.epochs.map((e) => e.val[metric]).filter((v) => v !== undefined) as number[];
  if (values.length === 0) return undefined;
  return higherIsBetter(metric) ? Math.max(...values) : Math.min(...values);
}

export function RunList() {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const { runs, selected, compared } = useRuns((s) => s);
  const shown = runs.filter((r) => compared.includes(r.runId));
  const metric = useMemo(() => {
    const names = [...new Set(shown.flatMap((r) => r.epochs.flatMap((e) => Object.keys(e.val))))];
    return primaryMetricOf(shown[0]?.task ?? 'classify', names);
  }, [shown]);
  const series: ChartSeries[] = shown.map((r) => ({
    id: r.runId,
    name: r.label,
    color: `var(${PALETTE[runs.indexOf(r) % PALETTE.length]})`,
    dots: true,
    points: r.epochs
      .filter((e) => e.val[metric] !== undefined)
      .map((e) => ({ x: e.epoch + 1, y: e.val[metric] as number })),
  }));
  if (runs.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="runs-title">
      <h2 className="panel__title" id="runs-title">
        {t('train.runs.title')}
      </h2>
      <table className="runs-table" data-testid="runs-table">
        <thead>
          <tr>
            <th scope="col">{t('train.runs.compare')}</th>
            <th scope="col">{t('train.runs.run')}</th>
            <th scope="col">{t('train.runs.task')}</th>
            <th scope="col">{t('train.runs.state')}</th>
            <th scope="col">{t('train.runs.epochs')}</th>
            <th scope="col">{t('train.runs.best')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const names = [...new Set(r.epochs.flatMap((e) => Object.keys(e.val)))];
            const m = primaryMetricOf(r.task, names);
            const best = bestOf(r, m);
            return (
              <tr key={r.runId} data-selected={r.runId === selected}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('train.runs.compareRun', { run: r.label })}
                    checked={compared.includes(r.runId)}
                    data-testid="run-compare"
                    onChange={(e) =>
                      runsStore.setCompared(
                        e.currentTarget.checked
                          ? [...compared, r.runId]
                          : compared.filter((id) => id !== r.runId),
                      )
                    }
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    aria-pressed={r.runId === selected}
                    onClick={() => runsStore.select(r.runId)}
                  >
                    {r.label}
                  </button>
                </td>
                <td>{t(`tasks.${r.task}.name`)}</td>
                <td>
                  <span className="run-state" data-state={r.state}>
                    {t(`train.state.${r.state}`)}
                  </span>
                </td>
                <td>{r.epochs.length}</td>
                <td>
                  {best === undefined
                    ? '—'
                    : `${t(`metrics.${m}` as 'metrics.loss')} ${formatMetric(m, best, lng)}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {shown.length > 0 && (
        <LineChartPanel
          title={t('train.runs.compareChart', { metric: t(`metrics.${metric}` as 'metrics.loss') })}
          xLabel={t('train.charts.epoch')}
          integerX
          testId="compare-chart"
          series={series}
          formatY={(y) => formatMetric(metric, y, lng)}
        />
      )}
    </section>
  );
}
