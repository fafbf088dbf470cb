/** The live charts of one run (light SVG charts, see LiveLineChart): loss (per step, smoothed, and per epoch for training and validation), the task metric, learning rate and gradient norm. */
import { memo, useDeferredValue, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isActive, type RunView } from '../../app/runs.ts';
import type { XY } from '../../components/downsample.ts';
import { LiveLineChart } from '../../components/LiveLineChart.tsx';
import { formatMetric, primaryMetricOf } from '../../components/metricFormat.ts';
import { useThrottled } from '../../components/useThrottled.ts';

const xy = (xs: readonly number[], ys: readonly number[]): XY[] =>
  xs.map((x, i) => ({ x, y: ys[i] as number }));

/** Charts redraw at most this often while a run trains (the progress bar follows every event). */
const CHART_REDRAW_MS = 1000;

/**
 * The run's charts. Redraws are throttled and rendered as a deferred (interruptible) React update,
 * so drawing never blocks the main thread for long while the trainer streams progress.
 */
export function TrainCharts({ run }: { run: RunView }) {
  // Once the run has ended its last events are drawn at once, not up to a throttle period later.
  const throttle = isActive(run) ? CHART_REDRAW_MS : 0;
  // NOTE: -1 first, so even the first drawing (mounting four recharts charts) is a deferred render.
  const version = useDeferredValue(useThrottled(run.version, throttle), -1);
  if (version === -1)
    return <div className="chart-grid" data-testid="train-charts" data-steps={0} />;
  return <ChartGrid run={run} version={version} current={version === run.version} />;
}

const ChartGrid = memo(
  function ChartGrid({
    run,
    version,
    current,
  }: {
    run: RunView;
    version: number;
    /** Whether the charts show every event the run has had (data-current, for tests). */
    current: boolean;
  }) {
    const { t, i18n } = useTranslation();
    const lng = i18n.resolvedLanguage ?? 'en';
    const { steps, epochs } = run;
    // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes whenever the run's arrays grow.
    const data = useMemo(() => {
      const metricNames = [...new Set(epochs.flatMap((e) => Object.keys(e.val)))];
      const metric = primaryMetricOf(run.task, metricNames);
      return {
        metric,
        loss: xy(steps.step, steps.loss),
        smoothed: xy(steps.step, steps.smoothed),
        lr: xy(steps.step, steps.lr),
        gradNorm: xy(steps.step, steps.gradNorm),
        trainEpoch: epochs.map((e) => ({ x: e.step, y: e.trainLoss })),
        valEpoch: epochs
          .filter((e) => e.val.loss !== undefined)
          .map((e) => ({ x: e.step, y: e.val.loss as number })),
        metricEpoch: epochs
          .filter((e) => e.val[metric] !== undefined)
          .map((e) => ({ x: e.epoch + 1, y: e.val[metric] as number })),
      };
    }, [version, run.task]);
    const stepLabel = t('train.charts.step');
    const curves = run.tune?.curves ?? [];
    const best = run.tune?.best ?? null;
    const settingName = (trial: number): string => {
      const setting =
        trial === 0 ? t('train.charts.settingAsSet') : t('train.charts.setting', { trial });
      return trial === best ? t('train.charts.settingKept', { setting }) : setting;
    };
    return (
      <div
        className="chart-grid"
        data-testid="train-charts"
        data-steps={steps.step.length}
        data-current={current}
      >
        {curves.length > 0 && (
          // While Auto searches, the run's own charts wait for the kept setting; this one shows
          // every trial's loss as it trains, and stays once the search is over.
          <LiveLineChart
            integerX
            title={t('train.charts.searchLoss')}
            xLabel={stepLabel}
            version={version}
            testId="chart-search"
            height={220}
            series={curves.map((c, i) => ({
              id: `trial-${c.trial}`,
              name: settingName(c.trial),
              points: xy(c.step, c.loss),
              color: `var(--chart-${(i % 6) + 1})`,
              dashed: best !== null && c.trial !== best,
            }))}
          />
        )}
        <LiveLineChart
          integerX
          title={t('train.charts.loss')}
          xLabel={stepLabel}
          version={version}
          testId="chart-loss"
          height={220}
          series={[
            {
              id: 'raw',
              name: t('train.charts.stepLoss'),
              points: data.loss,
              color: 'var(--border-strong)',
            },
            {
              id: 'smooth',
              name: t('train.charts.smoothed'),
              points: data.smoothed,
              color: 'var(--chart-1)',
            },
            {
              id: 'train',
              name: t('train.charts.trainEpoch'),
              points: data.trainEpoch,
              color: 'var(--chart-3)',
              dots: true,
            },
            {
              id: 'val',
              name: t('train.charts.valEpoch'),
              points: data.valEpoch,
              color: 'var(--chart-2)',
              dots: true,
              dashed: true,
            },
          ]}
        />
        <LiveLineChart
          integerX
          title={t('train.charts.metric', {
            metric: t(`metrics.${data.metric}` as 'metrics.loss'),
          })}
          xLabel={t('train.charts.epoch')}
          version={version}
          testId="chart-metric"
          height={220}
          formatY={(y) => formatMetric(data.metric, y, lng)}
          series={[
            {
              id: 'metric',
              name: t('train.charts.valMetric'),
              points: data.metricEpoch,
              color: 'var(--chart-2)',
              dots: true,
            },
          ]}
        />
        <LiveLineChart
          integerX
          title={t('train.charts.lr')}
          xLabel={stepLabel}
          version={version}
          testId="chart-lr"
          height={160}
          series={[
            { id: 'lr', name: t('train.charts.lr'), points: data.lr, color: 'var(--chart-5)' },
          ]}
        />
        <LiveLineChart
          integerX
          title={t('train.charts.gradNorm')}
          xLabel={stepLabel}
          version={version}
          testId="chart-grad-norm"
          height={160}
          series={[
            {
              id: 'g',
              name: t('train.charts.gradNorm'),
              points: data.gradNorm,
              color: 'var(--chart-4)',
            },
          ]}
        />
      </div>
    );
  },
  // NOTE: the run object changes with every event; the charts only redraw when `version` moves.
  (a, b) => a.version === b.version && a.current === b.current && a.run.runId === b.run.runId,
);
