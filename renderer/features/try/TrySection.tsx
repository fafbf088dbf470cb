/** The Try section: the trained (or an opened .rnnmodel) model in the demo of its task, and export of the run's model. */
import './try.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type RunView, useSelectedRun } from '../../app/runs.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SectionLayout } from '../../components/SectionLayout.tsx';
import { CaptionDemo } from './caption/CaptionDemo.tsx';
import { ChatDemo } from './chat/ChatDemo.tsx';
import { ForecastDemo } from './forecast/ForecastDemo.tsx';
import { GenerateDemo } from './generate/GenerateDemo.tsx';
import { ModelBar } from './ModelBar.tsx';
import { SentimentDemo } from './sentiment/SentimentDemo.tsx';
import { TaggerDemo } from './tag/TaggerDemo.tsx';
import { TranslateDemo } from './translate/TranslateDemo.tsx';
import { runModelDetails, type TryModel, useOpenedModel } from './tryModel.ts';

/** True when the run has a model the trainer can predict with. */
function usable(run: RunView | null): run is RunView & { spec: NonNullable<RunView['spec']> } {
  return run?.spec !== undefined && run.finished !== null && run.state === 'finished';
}

/** The selected run as a TryModel (its task state fetched from its bundle when the demo needs it). */
function useRunModel(run: RunView | null): TryModel | null | 'loading' {
  const [model, setModel] = useState<TryModel | null | 'loading'>(null);
  const runId = usable(run) ? run.runId : null;
  // NOTE: keyed on the run's identity; later updates of the same run must not reload its model.
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    const run = latest.current;
    if (runId === null || !usable(run)) {
      setModel(null);
      return;
    }
    const base: TryModel = {
      source: { runId },
      task: run.spec.task,
      spec: run.spec,
      label: run.label,
      taskState: null,
      metrics: run.finished?.metrics ?? {},
    };
    if (run.spec.task !== 'forecast') {
      setModel(base);
      return;
    }
    let active = true;
    setModel('loading');
    runModelDetails(runId)
      .then((d) => active && setModel({ ...base, taskState: d.taskState }))
      .catch((err: unknown) => {
        console.error('Reading the run model failed.', err);
        if (active) setModel(null);
      });
    return () => {
      active = false;
    };
  }, [runId]);
  return model;
}

function Demo({ model }: { model: TryModel }) {
  const { t } = useTranslation();
  const chatLike =
    /^(q|question|query)$/i.test(model.spec.data.sourceColumn ?? '') ||
    /question|chat|dialog/i.test(`${model.spec.data.sourceColumn ?? ''} ${model.label}`);
  const [mode, setMode] = useState<'translate' | 'chat'>(chatLike ? 'chat' : 'translate');
  switch (model.task) {
    case 'classify':
      return <SentimentDemo model={model} />;
    case 'tag':
      return <TaggerDemo model={model} />;
    case 'forecast':
      return <ForecastDemo model={model} />;
    case 'generate':
      return <GenerateDemo model={model} />;
    case 'caption':
      return <CaptionDemo model={model} />;
    case 'seq2seq':
      return (
        <>
          <fieldset className="try-mode">
            <legend className="visually-hidden">{t('try.mode.label')}</legend>
            {(['translate', 'chat'] as const).map((m) => (
              <label key={m} className="check">
                <input
                  type="radio"
                  name="try-mode"
                  value={m}
                  checked={mode === m}
                  onChange={() => setMode(m)}
                />
                {t(`try.mode.${m}`)}
              </label>
            ))}
          </fieldset>
          {mode === 'chat' ? <ChatDemo model={model} /> : <TranslateDemo model={model} />}
        </>
      );
  }
}

export function TrySection({ step }: { step: string }) {
  const { t } = useTranslation();
  const run = useSelectedRun();
  const opened = useOpenedModel();
  const runModel = useRunModel(run);
  const model = opened ?? (runModel === 'loading' ? null : runModel);
  return (
    <SectionLayout step={step} title={t('sections.try.title')} summary={t('sections.try.summary')}>
      <div className="stack">
        <ModelBar model={model} run={usable(run) ? run : null} />
        {model === null ? (
          <EmptyState
            icon="play"
            title={t('sections.try.emptyTitle')}
            body={t('try.needModel')}
            pointsLabel={t('emptyState.pointsLabel')}
            points={[t('sections.try.point1'), t('sections.try.point2'), t('sections.try.point3')]}
          />
        ) : (
          <Demo key={`${model.label}-${model.task}`} model={model} />
        )}
      </div>
    </SectionLayout>
  );
}
