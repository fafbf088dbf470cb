/** "Start from a language model" in the Model section: pick a generate run of this session or a .rnnmodel (or train one here, TrainLanguageModel.tsx), see what it gives the model, and choose how it is used (frozen features, optionally beside a backward language model, or fine-tuned, with its knobs; seq2seq fine-tunes it as its encoder). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultTransfer, type RunSpec } from '../../../core/tasks/spec.ts';
import { studioStore } from '../../app/store.ts';
import { Notice } from '../../components/Notice.tsx';
import { BackwardLanguageModel } from './BackwardLanguageModel.tsx';
import { CheckField, NumberField, SelectField } from './fields.tsx';
import { choiceErrorText, LanguageModelPicker, type LoadedModel } from './LanguageModelPicker.tsx';
import {
  type ChosenLanguageModel,
  chooseLanguageModel,
  forgetLanguageModel,
  TRANSFER_TASKS,
  type TransferMode,
  useChosenLanguageModel,
  withLanguageModel,
  withoutLanguageModel,
  withTransfer,
} from './languageModel.ts';
import { TrainLanguageModel } from './TrainLanguageModel.tsx';

export function LanguageModelPanel({ spec }: { spec: RunSpec }) {
  const { t } = useTranslation();
  const lm = useChosenLanguageModel();
  const [error, setError] = useState<string | null>(null);
  if (!TRANSFER_TASKS.includes(spec.task)) return null;

  const take = async (load: () => Promise<LoadedModel>) => {
    setError(null);
    try {
      const loaded = await load();
      if (loaded === null) return;
      const chosen = chooseLanguageModel(loaded.bytes, loaded.fileName, loaded.grantedPath);
      studioStore.setSpec((s) => withLanguageModel(s, chosen));
    } catch (err) {
      setError(choiceErrorText(t, err));
    }
  };
  const reset = () => {
    forgetLanguageModel();
    studioStore.setSpec(withoutLanguageModel);
  };
  const active = spec.train.initFrom !== undefined && lm?.fileName === spec.train.initFrom;

  return (
    <section
      className="panel"
      aria-label={t('model.languageModel.title')}
      data-testid="language-model"
    >
      <h3 className="panel__title">{t('model.languageModel.title')}</h3>
      <p className="panel__hint">{t('model.languageModel.hint')}</p>
      <LanguageModelPicker
        side="forward"
        label={t('model.languageModel.fromRun')}
        testId="language-model"
        onLoad={(load) => void take(load)}
      />
      {error !== null && (
        <Notice tone="error" title={t('model.languageModel.title')} testId="language-model-error">
          <p className="notice__message">{error}</p>
        </Notice>
      )}
      {active && lm !== null && <ChosenModel spec={spec} lm={lm} onReset={reset} />}
      <TrainLanguageModel spec={spec} />
    </section>
  );
}

function ChosenModel(props: { spec: RunSpec; lm: ChosenLanguageModel; onReset: () => void }) {
  const { t } = useTranslation();
  const { spec, lm } = props;
  const r = lm.spec.model.recurrent;
  const transfer: TransferMode = spec.train.transfer ?? defaultTransfer(spec.task);
  // NOTE: seq2seq's encoder only fine-tunes (core/tasks/seq2seq/transfer.ts), and its
  // data.tokenizer is the target side's: the source side reads with the language model's.
  const encoder = spec.task === 'seq2seq';
  const tokenizer = (encoder ? lm.spec.data.tokenizer : spec.data.tokenizer) ?? 'char';
  return (
    <div className="stack" data-testid="language-model-chosen">
      <p>
        <strong>{t('model.languageModel.using', { file: lm.fileName })}</strong>
      </p>
      <p data-testid="language-model-layers">
        {t(encoder ? 'model.languageModel.encoderLayers' : 'model.languageModel.layers', {
          count: r.numLayers,
          cell: r.cell.toUpperCase(),
          hidden: r.hiddenSize,
          tokenizer: t(`model.tokenizers.${tokenizer}`),
        })}
      </p>
      <p data-testid="language-model-vocab">
        {t('model.languageModel.vocab', { count: lm.vocabSize })}
      </p>
      {encoder ? (
        <p data-testid="lm-encoder-note">{t('model.languageModel.encoderNote')}</p>
      ) : (
        <div className="model-summary__controls">
          <SelectField<TransferMode>
            label={t('model.languageModel.transfer')}
            value={transfer}
            options={[
              { value: 'features', label: t('model.languageModel.transferFeatures') },
              { value: 'fine-tune', label: t('model.languageModel.transferFineTune') },
            ]}
            testId="lm-transfer"
            onChange={(v) => studioStore.setSpec((s) => withTransfer(s, v, lm))}
          />
        </div>
      )}
      <p className="panel__hint" data-testid="lm-transfer-hint">
        {t(
          transfer === 'features'
            ? 'model.languageModel.featuresNote'
            : 'model.languageModel.defaults',
        )}
      </p>
      <div className="model-summary__controls">
        {transfer === 'fine-tune' && <FineTuneKnobs spec={spec} />}
        <button
          type="button"
          className="button"
          data-testid="language-model-remove"
          onClick={props.onReset}
        >
          {t('model.languageModel.remove')}
        </button>
      </div>
      {transfer === 'features' && <BackwardLanguageModel spec={spec} />}
    </div>
  );
}

/** ULMFiT's two knobs, shown when the language model is fine-tuned. */
function FineTuneKnobs(props: { spec: RunSpec }) {
  const { t } = useTranslation();
  const { spec } = props;
  return (
    <>
      <CheckField
        label={
          spec.task === 'seq2seq'
            ? t('model.languageModel.unfreezeSeq2seq')
            : t('model.languageModel.unfreeze')
        }
        checked={spec.train.unfreeze === 'gradual'}
        testId="lm-unfreeze"
        onChange={(v) =>
          studioStore.setSpec((s) => ({
            ...s,
            train: { ...s.train, unfreeze: v ? 'gradual' : 'none' },
          }))
        }
      />
      <NumberField
        label={t('model.languageModel.layerLrDecay')}
        value={spec.train.layerLrDecay ?? 1}
        min={1}
        max={100}
        step={0.1}
        testId="lm-layer-lr-decay"
        onChange={(v) =>
          studioStore.setSpec((s) => ({ ...s, train: { ...s.train, layerLrDecay: v } }))
        }
      />
    </>
  );
}
