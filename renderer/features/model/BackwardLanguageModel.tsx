/** The optional backward language model beside a forward one used as features (ELMo's pair): pick a generate run reading right to left or open one, see what it adds, or remove it. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import { studioStore } from '../../app/store.ts';
import { Notice } from '../../components/Notice.tsx';
import { choiceErrorText, LanguageModelPicker, type LoadedModel } from './LanguageModelPicker.tsx';
import {
  chooseBackwardLanguageModel,
  forgetBackwardLanguageModel,
  useChosenLanguageModel,
  withBackwardLanguageModel,
  withoutBackwardLanguageModel,
} from './languageModel.ts';

export function BackwardLanguageModel({ spec }: { spec: RunSpec }) {
  const { t } = useTranslation();
  const lm = useChosenLanguageModel('backward');
  const [error, setError] = useState<string | null>(null);
  const named = spec.train.initFromBackward;
  const active = named !== undefined && lm?.fileName === named;

  const take = async (load: () => Promise<LoadedModel>) => {
    setError(null);
    try {
      const loaded = await load();
      if (loaded === null) return;
      const chosen = chooseBackwardLanguageModel(loaded.bytes, loaded.fileName, loaded.grantedPath);
      studioStore.setSpec((s) => withBackwardLanguageModel(s, chosen));
    } catch (err) {
      setError(choiceErrorText(t, err));
    }
  };
  const remove = () => {
    setError(null);
    forgetBackwardLanguageModel();
    studioStore.setSpec(withoutBackwardLanguageModel);
  };

  return (
    <div className="stack" data-testid="lm-backward">
      <h4 className="panel__title">{t('model.languageModel.backward.title')}</h4>
      <p className="panel__hint">{t('model.languageModel.backward.hint')}</p>
      <LanguageModelPicker
        side="backward"
        label={t('model.languageModel.backward.fromRun')}
        testId="lm-backward"
        onLoad={(load) => void take(load)}
      />
      {error !== null && (
        <Notice
          tone="error"
          title={t('model.languageModel.backward.title')}
          testId="lm-backward-error"
        >
          <p className="notice__message">{error}</p>
        </Notice>
      )}
      {named !== undefined && !active && (
        <p className="panel__hint" data-testid="lm-backward-not-open">
          {t('model.languageModel.errors.not-open', { fileName: named })}
        </p>
      )}
      {active && lm !== null && (
        <p data-testid="lm-backward-chosen">
          {t('model.languageModel.backward.using', {
            file: lm.fileName,
            count: lm.spec.model.recurrent.numLayers,
            cell: lm.spec.model.recurrent.cell.toUpperCase(),
            hidden: lm.spec.model.recurrent.hiddenSize,
          })}
        </p>
      )}
      {named !== undefined && (
        <div className="model-summary__controls">
          <button
            type="button"
            className="button"
            data-testid="lm-backward-remove"
            onClick={remove}
          >
            {t('model.languageModel.backward.remove')}
          </button>
        </div>
      )}
    </div>
  );
}
