/** The Train section: training settings, start, the selected run's controls, progress and live charts, and the list of runs to compare. */
import './train.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isActive, runsStore, useRuns, useSelectedRun } from '../../app/runs.ts';
import { studioStore, useStudio } from '../../app/store.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Notice } from '../../components/Notice.tsx';
import { SectionLayout } from '../../components/SectionLayout.tsx';
import { trainingDataOf } from '../data/captions/captionSource.ts';
import { BackboneChoiceError, backboneWeightsFor } from '../model/caption/backboneWeights.ts';
import { LanguageModelChoiceError, languageModelFor } from '../model/languageModel.ts';
import { VectorChoiceError, wordVectorsFor } from '../model/wordVectors.ts';
import {
  AutoTuneChoice,
  type AutoTuneSetting,
  autoTuneRequest,
  DEFAULT_AUTO_TUNE,
} from './AutoTuneChoice.tsx';
import { Leaderboard } from './Leaderboard.tsx';
import { RunList } from './RunList.tsx';
import { RunPanel } from './RunPanel.tsx';
import { ownStartError, startErrorText } from './startError.ts';
import { TrainCharts } from './TrainCharts.tsx';
import { TrainSettings } from './TrainSettings.tsx';

export function TrainSection({ step }: { step: string }) {
  const { t } = useTranslation();
  const dataset = useStudio((s) => s.dataset);
  const captions = useStudio((s) => s.captions);
  const dataName = dataset?.file.name ?? captions?.summary.name;
  const task = useStudio((s) => s.spec.task);
  const run = useSelectedRun();
  const anyActive = useRuns((s) => s.runs.some(isActive));
  const [startFailure, setStartError] = useState<string | null>(null);
  // NOTE: a run created and then refused shows the error in its own panel; it is said once.
  const startError = useRuns((s) => ownStartError(startFailure, s.runs));
  const [starting, setStarting] = useState(false);
  const [auto, setAuto] = useState<AutoTuneSetting>(DEFAULT_AUTO_TUNE);
  // NOTE: the desktop app trains on files on disk only (main reads them); runsStore.start saves
  // a copy through desktop.saveDataset for data with no file (a bundled sample, a download).

  const start = () => {
    const { dataset: d, captions: c, spec } = studioStore.getState();
    if (d === null && c === null) return;
    setStartError(null);
    let initFrom: ReturnType<typeof languageModelFor>;
    let initFromBackward: ReturnType<typeof languageModelFor>;
    let wordVectors: File | undefined;
    let backboneWeights: File | undefined;
    try {
      initFrom = languageModelFor(spec);
      initFromBackward = languageModelFor(spec, 'backward');
      wordVectors = wordVectorsFor(spec);
      backboneWeights = backboneWeightsFor(spec);
    } catch (err) {
      if (err instanceof BackboneChoiceError) {
        setStartError(t(`model.caption.errors.${err.code}`, err.params));
        return;
      }
      if (err instanceof VectorChoiceError) {
        setStartError(t(`model.wordVectors.errors.${err.code}`, err.params));
        return;
      }
      if (!(err instanceof LanguageModelChoiceError)) throw err;
      setStartError(t(`model.languageModel.errors.${err.code}`, err.params));
      return;
    }
    setStarting(true);
    const autoRequest = autoTuneRequest(auto);
    runsStore
      .start({
        spec,
        ...(c !== null ? trainingDataOf(c.source) : {}),
        ...(d !== null ? { file: d.file } : {}),
        ...(d?.grantedPath !== undefined ? { grantedPath: d.grantedPath } : {}),
        ...(backboneWeights === undefined ? {} : { backboneWeights }),
        ...(initFrom === undefined ? {} : { initFrom }),
        ...(initFromBackward === undefined ? {} : { initFromBackward }),
        ...(autoRequest === undefined ? {} : { auto: autoRequest }),
        ...(wordVectors === undefined ? {} : { wordVectors }),
      })
      .catch((err: unknown) => setStartError(startErrorText(err, t)))
      .finally(() => setStarting(false));
  };

  return (
    <SectionLayout
      step={step}
      title={t('sections.train.title')}
      summary={t('sections.train.summary')}
    >
      <div className="stack">
        {dataName === undefined && run === null ? (
          <EmptyState
            icon="pulse"
            title={t('sections.train.emptyTitle')}
            body={t('train.needData')}
            pointsLabel={t('emptyState.pointsLabel')}
            points={[
              t('sections.train.point1'),
              t('sections.train.point2'),
              t('sections.train.point3'),
            ]}
          />
        ) : (
          <>
            {dataName !== undefined && (
              <>
                <TrainSettings disabled={anyActive || starting} />
                <AutoTuneChoice value={auto} disabled={anyActive || starting} onChange={setAuto} />
                <div className="train-start">
                  <button
                    type="button"
                    className="button button--primary"
                    disabled={anyActive || starting}
                    onClick={start}
                    data-testid="start-training"
                  >
                    <Icon name="play" size={16} />
                    {t('train.actions.start')}
                  </button>
                  <span className="panel__hint">
                    {t('train.startHint', {
                      task: t(`tasks.${task}.name`),
                      file: dataName,
                    })}
                  </span>
                </div>
              </>
            )}
            {startError !== null && (
              <Notice tone="error" title={t('train.errors.start')} testId="start-error">
                <p className="notice__message">{startError}</p>
              </Notice>
            )}
            {run !== null && (
              <>
                <RunPanel run={run} />
                {run.tune !== undefined && <Leaderboard tune={run.tune} />}
                <section className="panel" aria-label={t('train.charts.label')}>
                  <TrainCharts run={run} />
                </section>
              </>
            )}
            <RunList />
          </>
        )}
      </div>
    </SectionLayout>
  );
}
