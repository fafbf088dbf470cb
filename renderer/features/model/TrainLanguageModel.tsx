/** "Train a language model now" in the Model section: the text, the language model's settings and its budget; it trains as an ordinary generate run (its progress and live chart shown here too) and, when it ends, becomes the model's language model. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import { isActive, type RunView, useRuns } from '../../app/runs.ts';
import { useStudio } from '../../app/store.ts';
import { Notice } from '../../components/Notice.tsx';
import { RunPanel } from '../train/RunPanel.tsx';
import { startErrorText } from '../train/startError.ts';
import { TrainCharts } from '../train/TrainCharts.tsx';
import { choiceErrorText } from './LanguageModelPicker.tsx';
import { LmSettingsFields } from './LmSettingsFields.tsx';
import { type LmSource, LmTextChoice, type OtherText } from './LmTextChoice.tsx';
import { TRANSFER_TASKS } from './languageModel.ts';
import { LM_DEFAULTS, type LmSettings, languageModelRunSpec, sameFileText } from './lmRunSpec.ts';
import {
  chooseReadyLanguageModel,
  type LmTraining,
  trainLanguageModelNow,
  useLmTraining,
} from './lmTraining.ts';

/** The settings and the text last set here, kept while the user visits other sections. */
let lastSettings: LmSettings = LM_DEFAULTS;
let lastSource: LmSource = 'this-file';
let lastOther: OtherText | null = null;

export function TrainLanguageModel({ spec }: { spec: RunSpec }) {
  const { t } = useTranslation();
  const dataset = useStudio((s) => s.dataset);
  const training = useLmTraining();
  const run = useRuns((s) => s.runs.find((r) => r.runId === training?.runId) ?? null);
  const anyActive = useRuns((s) => s.runs.some(isActive));
  const [settings, setSettings] = useState(lastSettings);
  const [source, setSource] = useState<LmSource>(lastSource);
  const [other, setOther] = useState<OtherText | null>(lastOther);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const same = sameFileText(spec);
  const fromThisFile = same !== null && source === 'this-file';
  const text = fromThisFile ? same : (other?.text ?? null);
  const file = fromThisFile ? dataset?.file : other?.file;
  const busy = anyActive || starting;

  const start = async () => {
    if (text === null || file === undefined) return;
    setError(null);
    setStarting(true);
    const grantedPath = fromThisFile ? dataset?.grantedPath : undefined;
    try {
      await trainLanguageModelNow({
        spec: languageModelRunSpec(spec, settings, text),
        file,
        ...(grantedPath === undefined ? {} : { grantedPath }),
      });
    } catch (err) {
      setError(startErrorText(err, t));
    } finally {
      setStarting(false);
    }
  };

  return (
    <div className="stack lm-train" data-testid="lm-train">
      <h4 className="lm-train__title">{t('model.languageModel.train.title')}</h4>
      <p className="panel__hint">{t('model.languageModel.train.hint')}</p>
      <LmTextChoice
        spec={spec}
        source={source}
        other={other}
        disabled={busy}
        onSource={(next) => {
          lastSource = next;
          setSource(next);
        }}
        onOther={(next) => {
          lastOther = next;
          setOther(next);
        }}
        onError={setError}
      />
      <LmSettingsFields
        settings={settings}
        disabled={busy}
        onChange={(next) => {
          lastSettings = next;
          setSettings(next);
        }}
      />
      {spec.task === 'seq2seq' && (
        <p className="panel__hint">{t('model.languageModel.train.encoderSizes')}</p>
      )}
      <div className="model-summary__controls">
        <button
          type="button"
          className="button button--primary"
          data-testid="lm-train-start"
          disabled={busy || text === null || file === undefined}
          onClick={() => void start()}
        >
          {t('model.languageModel.train.start')}
        </button>
        <span className="panel__hint">{t('model.languageModel.train.budgetNote')}</span>
      </div>
      {error !== null && (
        <Notice tone="error" title={t('model.languageModel.train.title')} testId="lm-train-error">
          <p className="notice__message">{error}</p>
        </Notice>
      )}
      {training !== null && run !== null && (
        <LmTrainingRun training={training} run={run} spec={spec} />
      )}
    </div>
  );
}

/** The language model's run: what happens when it ends, its controls, progress and live chart; once chosen, a line while the spec still uses it; finished for a model no longer shaped, a button that chooses it for this one. */
function LmTrainingRun(props: { training: LmTraining; run: RunView; spec: RunSpec }) {
  const { t } = useTranslation();
  const { training, run } = props;
  if (training.status === 'chosen' && props.spec.train.initFrom !== training.fileName) return null;
  const status =
    training.status === 'failed' && training.error !== undefined
      ? choiceErrorText(t, training.error)
      : t(`model.languageModel.train.status.${training.status}`, { run: run.label });
  return (
    <div className="stack" data-testid="lm-train-run" data-status={training.status}>
      <p data-testid="lm-train-status">{status}</p>
      {training.status === 'ready' && TRANSFER_TASKS.includes(props.spec.task) && (
        <div className="model-summary__controls">
          <button
            type="button"
            className="button"
            data-testid="lm-train-use"
            onClick={() => void chooseReadyLanguageModel()}
          >
            {t('model.languageModel.train.use')}
          </button>
        </div>
      )}
      {training.status !== 'chosen' && training.status !== 'ready' && <RunPanel run={run} />}
      {training.status === 'training' && <TrainCharts run={run} />}
    </div>
  );
}
