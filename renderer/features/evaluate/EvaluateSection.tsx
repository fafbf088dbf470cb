/** The Evaluate section: a finished run's held-out metrics against its baseline, and the task's per-example report. */
import './evaluate.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { runsStore, useRuns, useSelectedRun } from '../../app/runs.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Notice } from '../../components/Notice.tsx';
import { SectionLayout } from '../../components/SectionLayout.tsx';
import { CaptionMetricsNote } from './CaptionMetricsNote.tsx';
import { ForecastMetricsNote } from './ForecastMetricsNote.tsx';
import { FORECAST_BASELINE_KEYS, ForecastOutcomePanel } from './ForecastOutcomePanel.tsx';
import { MetricsTable } from './MetricsTable.tsx';
import { TaskReport } from './TaskReports.tsx';
import { useHeldOutReport } from './useHeldOutReport.ts';

export function EvaluateSection({ step }: { step: string }) {
  const { t } = useTranslation();
  const run = useSelectedRun();
  const finishedRuns = useRuns((s) => s.runs).filter((r) => r.finished !== null);
  const report = useHeldOutReport(run);
  const [evalError, setEvalError] = useState<string | null>(null);
  const runId = run?.runId ?? null;
  const canEvaluate = run !== null && run.finished !== null && run.state === 'finished';
  const needsEvaluation = canEvaluate && run.evaluation === null;

  useEffect(() => {
    if (runId === null || !needsEvaluation) return;
    setEvalError(null);
    runsStore.evaluate(runId).catch((err: unknown) => {
      console.error('evaluate failed.', err);
      setEvalError(err instanceof Error ? err.message : String(err));
    });
  }, [runId, needsEvaluation]);

  const layout = (children: React.ReactNode) => (
    <SectionLayout
      step={step}
      title={t('sections.evaluate.title')}
      summary={t('sections.evaluate.summary')}
    >
      <div className="stack">{children}</div>
    </SectionLayout>
  );

  if (run === null || run.finished === null) {
    return layout(
      <>
        <EmptyState
          icon="gauge"
          title={t('sections.evaluate.emptyTitle')}
          body={t('evaluate.needRun')}
          pointsLabel={t('emptyState.pointsLabel')}
          points={[
            t('sections.evaluate.point1'),
            t('sections.evaluate.point2'),
            t('sections.evaluate.point3'),
          ]}
        />
        {finishedRuns.length > 0 && <RunPicker />}
      </>,
    );
  }
  const finished = run.finished;
  return layout(
    <>
      <RunPicker />
      <section className="panel" aria-labelledby="metrics-title">
        <h2 className="panel__title" id="metrics-title">
          {t('evaluate.metricsTitle')}
        </h2>
        <p className="panel__hint">
          {t(`train.finished.${finished.reason}`, { epochs: finished.epochs })}{' '}
          {finished.bestEpoch !== null &&
            t('evaluate.bestEpoch', { epoch: finished.bestEpoch + 1 })}
        </p>
        <MetricsTable
          metrics={withoutKeys(run.evaluation ?? finished.metrics, [
            ...FORECAST_BASELINE_KEYS,
            // NOTE: a caption run's `bleu` is its BLEU-4, listed as such beside BLEU-1…3.
            ...(run.spec?.task === 'caption' ? ['bleu'] : []),
          ])}
          baseline={finished.baseline}
          {...(run.spec?.task === 'forecast' ? { baselineName: t('evaluate.forecast.naive') } : {})}
          {...(run.spec?.task === 'caption' ? { baselineName: t('evaluate.caption.nearest') } : {})}
        />
        {run.spec?.task === 'caption' && <CaptionMetricsNote spec={run.spec} />}
        {run.spec?.task === 'forecast' && (
          <ForecastMetricsNote
            metrics={run.evaluation ?? finished.metrics}
            target={
              run.spec.data.targetColumn ??
              (report.status === 'ready' && report.report.task === 'forecast'
                ? report.report.target
                : undefined)
            }
          />
        )}
        {evalError !== null && (
          <Notice tone="error" title={t('evaluate.failed')}>
            <p>{evalError}</p>
          </Notice>
        )}
      </section>
      {finished.forecast !== undefined && (
        <ForecastOutcomePanel outcome={finished.forecast} metrics={finished.metrics} />
      )}
      {report.status === 'loading' && (
        <p className="panel__hint" role="status">
          {t('evaluate.loadingReport')}
        </p>
      )}
      {report.status === 'failed' && (
        <Notice tone="error" title={t('evaluate.reportFailed')}>
          <p>{report.message}</p>
        </Notice>
      )}
      {report.status === 'unavailable' && run.spec !== undefined && (
        <Notice tone="info" title={t('evaluate.noFile')} />
      )}
      {report.status === 'ready' && <TaskReport built={report} />}
    </>,
  );
}

function withoutKeys(metrics: Record<string, number>, keys: readonly string[]) {
  return Object.fromEntries(Object.entries(metrics).filter(([k]) => !keys.includes(k)));
}

function RunPicker() {
  const { t } = useTranslation();
  const { runs, selected } = useRuns((s) => s);
  const finished = runs.filter((r) => r.finished !== null);
  if (finished.length < 2 && finished.some((r) => r.runId === selected)) return null;
  return (
    <div className="field run-picker">
      <label htmlFor="evaluate-run">{t('evaluate.run')}</label>
      <select
        id="evaluate-run"
        className="select"
        value={selected ?? ''}
        onChange={(e) => runsStore.select(e.currentTarget.value)}
      >
        {selected !== null && !finished.some((r) => r.runId === selected) && (
          <option value={selected}>—</option>
        )}
        {finished.map((r) => (
          <option key={r.runId} value={r.runId}>
            {r.label}
          </option>
        ))}
      </select>
    </div>
  );
}
