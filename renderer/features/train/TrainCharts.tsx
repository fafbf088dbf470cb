/** The live charts of one run: loss (per step, smoothed, and per epoch for training and validation), the task metric, learning rate and gradient norm. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunView } from '../../app/runs.ts';
import type { XY } from '../../components/downsample.ts';
import { LineChartPanel } from '../../components/LineChartPanel.tsx';
import { formatMetric, primaryMetricOf } from '../../components/metricFormat.ts';

const xy = (xs: readonly number[], ys: readonly number[]): XY[] =>
  xs.map((x, i) => ({ x, y: ys[i] as number }));

export function TrainCharts({ run }: { run: RunView }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const { steps, epochs, version } = run;
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
  return (
    <div className="chart-grid" data-testid="train-charts" data-steps={steps.step.length}>
      <LineChartPanel
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
      <LineChartPanel
        title={t('train.charts.metric', { metric: t(`metrics.${data.metric}` as 'metrics.loss') })}
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
      <LineChartPanel
        title={t('train.charts.lr')}
        xLabel={stepLabel}
        version={version}
        testId="chart-lr"
        height={160}
        series={[
          { id: 'lr', name: t('train.charts.lr'), points: data.lr, color: 'var(--chart-5)' },
        ]}
      />
      <LineChartPanel
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
}
