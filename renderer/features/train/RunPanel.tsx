/** The selected run's controls (pause, resume, stop), progress bar, result and training error. */

import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { desktopApi } from '../../app/bridge.ts';
import { isActive, type RunView, runsStore } from '../../app/runs.ts';
import { ForecastWarningNotice } from '../../components/ForecastWarningNotice.tsx';
import { formatBytes, formatCount } from '../../components/format.ts';
import { Icon } from '../../components/Icon.tsx';
import { formatMetric } from '../../components/metricFormat.ts';
import { Notice } from '../../components/Notice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { wordCoreMessage } from '../../i18n/coreMessages.ts';
import { type SearchProgress, searchProgress } from './autoProgress.ts';
import { formatDuration, progressFraction } from './progressText.ts';
import { VectorsProgress } from './VectorsProgress.tsx';

/** While an auto-tune search runs: its round and the trial training now, or that round 1 is timing the spec. */
function searchText(
  search: SearchProgress,
  o: { minutes: number; lng: string; t: TFunction },
): string {
  const { live, round } = search;
  const { t, lng } = o;
  if (live === null) return t('train.progress.searchStarting');
  return t('train.progress.searching', {
    round,
    trial: live.trial === 0 ? t('train.auto.asSet') : live.trial,
    epoch: live.epoch + 1,
    epochs: live.epochs,
    step: formatCount(live.step, lng),
    totalSteps: formatCount(live.totalSteps, lng),
    used: formatDuration(live.searchSeconds),
    budget: formatDuration(o.minutes * 60),
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function RunPanel({ run }: { run: RunView }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const [failure, setFailure] = useState<string | null>(null);
  const p = run.progress;
  const act = (action: (id: string) => Promise<void>) => () => {
    setFailure(null);
    action(run.runId).catch((err: unknown) => setFailure(messageOf(err)));
  };
  const evaluating = isActive(run) ? (run.evaluating ?? null) : null;
  const search = isActive(run) ? searchProgress(run.tune) : null;
  const peak = (bytes: number | null | undefined): string | null =>
    typeof bytes === 'number' ? formatBytes(bytes, lng) : null;
  const progressPeak = peak(p?.peakMemoryBytes);
  // Where the peak comes from: the desktop's trainer process (resident memory), or in the browser
  // edition the page's measurement of the tab (renderer/web/pagePeakMemory.ts).
  const fromPage = desktopApi() === null;
  const detail =
    search !== null
      ? searchText(search, { minutes: run.tune?.plan.maxMinutes ?? 0, lng, t })
      : evaluating !== null
        ? t('train.progress.evaluating', {
            examples: formatCount(evaluating.examples, lng),
            total: formatCount(evaluating.total, lng),
          })
        : p === null
          ? t('train.progress.preparing')
          : t('train.progress.detail', {
              epoch: p.epoch + 1,
              epochs: p.epochs,
              step: formatCount(p.step, lng),
              totalSteps: formatCount(p.totalSteps, lng),
              rate: formatCount(Math.round(p.examplesPerSecond), lng),
              eta:
                p.etaSeconds === null || run.state !== 'running'
                  ? '—'
                  : formatDuration(p.etaSeconds),
            }) +
            (progressPeak === null
              ? ''
              : ` · ${t(fromPage ? 'train.progress.memoryPage' : 'train.progress.memory', { peak: progressPeak })}`);
  const finished = run.finished;
  return (
    <section className="panel run-panel" aria-labelledby="run-title" data-testid="run-panel">
      <div className="run-panel__head">
        <h2 className="panel__title" id="run-title">
          {run.label}
        </h2>
        <span className="run-state" data-state={run.state} data-testid="run-state">
          {t(`train.state.${run.state}`)}
        </span>
        <div className="run-panel__actions">
          {run.state === 'running' && (
            <button
              type="button"
              className="button"
              onClick={act(runsStore.pause)}
              data-testid="pause"
            >
              <Icon name="pause" size={15} />
              {t('train.actions.pause')}
            </button>
          )}
          {run.state === 'paused' && (
            <button
              type="button"
              className="button"
              onClick={act(runsStore.resume)}
              data-testid="resume"
            >
              <Icon name="play" size={15} />
              {t('train.actions.resume')}
            </button>
          )}
          {(run.state === 'running' || run.state === 'paused') && (
            <button
              type="button"
              className="button"
              onClick={act(runsStore.stop)}
              data-testid="stop"
            >
              <Icon name="stop" size={15} />
              {t('train.actions.stop')}
            </button>
          )}
        </div>
      </div>
      {(isActive(run) || p !== null) && (
        <ProgressBar
          label={t('train.progress.label')}
          fraction={
            run.state === 'finished'
              ? 1
              : search !== null
                ? search.fraction
                : evaluating !== null
                  ? evaluating.examples / Math.max(1, evaluating.total)
                  : p === null
                    ? null
                    : progressFraction(p)
          }
          detail={detail}
        />
      )}
      {run.readingVectors !== undefined && <VectorsProgress vectors={run.readingVectors} />}
      {failure !== null && (
        <Notice tone="error" title={t('train.errors.control')}>
          <p>{failure}</p>
        </Notice>
      )}
      {run.error !== null && (
        <Notice tone="error" title={t('train.errors.title')} testId="training-error">
          <p className="notice__message">
            {run.error.detail === undefined
              ? run.error.message
              : wordCoreMessage(t, run.error.detail)}
          </p>
          {run.error.suggestion !== undefined && (
            <p data-testid="training-suggestion">
              <strong>{t('train.errors.suggestion')}</strong>{' '}
              {run.error.suggestionDetail === undefined
                ? run.error.suggestion
                : wordCoreMessage(t, run.error.suggestionDetail)}
            </p>
          )}
        </Notice>
      )}
      {run.checkpointError !== undefined && (
        <Notice tone="warn" title={t('train.checkpointFailed.title')} testId="checkpoint-failed">
          <p>
            {t('train.checkpointFailed.body', {
              kind: run.checkpointError.kind,
              message: run.checkpointError.message,
            })}
          </p>
        </Notice>
      )}
      {run.state === 'interrupted' && run.interruption === undefined && (
        <Notice tone="warn" title={t('train.interrupted.title')}>
          <p>{t('train.interrupted.body')}</p>
        </Notice>
      )}
      {run.state === 'interrupted' && run.interruption !== undefined && (
        <Notice
          tone="warn"
          title={t('train.interrupted.title')}
          testId="run-interrupted"
          actions={
            run.interruption.hasCheckpoint ? (
              <button
                type="button"
                className="button button--primary"
                onClick={act(runsStore.resume)}
                data-testid="resume-checkpoint"
              >
                <Icon name="play" size={15} />
                {t('train.interrupted.resume')}
              </button>
            ) : undefined
          }
        >
          <p>{t('train.interrupted.crashed', { reason: run.interruption.reason })}</p>
          <p>
            {run.interruption.hasCheckpoint
              ? t('train.interrupted.canResume')
              : t('train.interrupted.noCheckpoint')}
          </p>
        </Notice>
      )}
      {run.state === 'queued' && run.queue !== undefined && (
        <Notice tone="info" title={t('train.state.queued')} testId="run-queued">
          <p>
            {run.queue.position === 0
              ? t('train.queue.next')
              : t('train.queue.position', { ahead: run.queue.position })}
          </p>
          {run.queue.note !== null && <p>{run.queue.note}</p>}
        </Notice>
      )}
      {finished !== null && (
        <p className="run-panel__result" data-testid="run-result">
          {t(`train.finished.${finished.reason}`, { epochs: finished.epochs })}{' '}
          {Object.entries(finished.metrics)
            .filter(([k]) => k !== 'loss')
            .slice(0, 3)
            .map(([k, v]) => `${t(`metrics.${k}` as 'metrics.loss')} ${formatMetric(k, v, lng)}`)
            .join(' · ')}
        </p>
      )}
      {finished !== null && run.task === 'caption' && finished.baseline.bleu !== undefined && (
        <p className="panel__hint" data-testid="run-caption-baseline">
          {t('train.finished.captionBaseline', {
            bleu: formatMetric('bleu', finished.baseline.bleu, lng),
          })}
        </p>
      )}
      {finished !== null && peak(finished.peakMemoryBytes) !== null && (
        <p className="panel__hint" data-testid="run-peak-memory">
          {t(fromPage ? 'train.finished.peakMemoryPage' : 'train.finished.peakMemory', {
            peak: peak(finished.peakMemoryBytes),
          })}
        </p>
      )}
      {finished?.forecast?.warning !== undefined && (
        <ForecastWarningNotice warning={finished.forecast.warning} />
      )}
    </section>
  );
}
