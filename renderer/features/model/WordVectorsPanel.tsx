/** "Start from word vectors" in the Model section: open a fastText .vec or GloVe .txt file, see what it gives the embedding, and choose frozen or fine-tuned. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import { studioStore } from '../../app/store.ts';
import { Notice } from '../../components/Notice.tsx';
import { wordCoreMessage } from '../../i18n/coreMessages.ts';
import { CheckField } from './fields.tsx';
import {
  type ChosenVectors,
  chooseVectors,
  forgetVectors,
  useChosenVectors,
  VECTOR_TASKS,
  VectorChoiceError,
  withoutWordVectors,
  withWordVectors,
} from './wordVectors.ts';

export function WordVectorsPanel({ spec }: { spec: RunSpec }) {
  const { t } = useTranslation();
  const chosen = useChosenVectors();
  const [error, setError] = useState<string | null>(null);
  if (!VECTOR_TASKS.includes(spec.task)) return null;
  const title = t('model.wordVectors.title');
  if (spec.train.initFrom !== undefined) {
    return (
      <section className="panel" aria-label={title}>
        <h3 className="panel__title">{title}</h3>
        <p className="panel__hint">{t('model.wordVectors.withLanguageModel')}</p>
      </section>
    );
  }
  const open = async (file: File) => {
    setError(null);
    try {
      const v = await chooseVectors(file);
      studioStore.setSpec((s) => withWordVectors(s, v, s.model.wordVectors?.freeze ?? true));
    } catch (err) {
      if (!(err instanceof VectorChoiceError)) throw err;
      setError(
        err.detail === undefined
          ? t(`model.wordVectors.errors.${err.code}`, err.params)
          : wordCoreMessage(t, err.detail),
      );
    }
  };
  const active = chosen !== null && spec.model.wordVectors?.file === chosen.fileName;
  return (
    <section className="panel" aria-label={title} data-testid="word-vectors">
      <h3 className="panel__title">{title}</h3>
      <p className="panel__hint">{t('model.wordVectors.hint')}</p>
      <div className="model-summary__controls">
        <label className="button">
          {t('model.wordVectors.open')}
          <input
            type="file"
            accept=".vec,.txt"
            hidden
            data-testid="word-vectors-file"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file !== undefined) void open(file);
            }}
          />
        </label>
      </div>
      {error !== null && (
        <Notice tone="error" title={title} testId="word-vectors-error">
          <p className="notice__message">{error}</p>
        </Notice>
      )}
      {active && <ChosenFile spec={spec} chosen={chosen} />}
    </section>
  );
}

function ChosenFile({ spec, chosen }: { spec: RunSpec; chosen: ChosenVectors }) {
  const { t } = useTranslation();
  const freeze = spec.model.wordVectors?.freeze ?? true;
  return (
    <div className="stack" data-testid="word-vectors-chosen">
      <p>
        <strong>
          {t('model.wordVectors.using', {
            file: chosen.fileName,
            format: t(`model.wordVectors.formats.${chosen.format}`),
          })}
        </strong>
      </p>
      <p data-testid="word-vectors-width">{t('model.wordVectors.width', { dim: chosen.dim })}</p>
      <p>{t('model.wordVectors.missing')}</p>
      <p className="panel__hint">
        {t(spec.task === 'seq2seq' ? 'model.wordVectors.sourceSide' : 'model.wordVectors.saved')}
      </p>
      <div className="model-summary__controls">
        <CheckField
          label={t('model.wordVectors.freeze')}
          checked={freeze}
          testId="word-vectors-freeze"
          onChange={(v) => studioStore.setSpec((s) => withWordVectors(s, chosen, v))}
        />
        <button
          type="button"
          className="button"
          data-testid="word-vectors-remove"
          onClick={() => {
            forgetVectors();
            studioStore.setSpec(withoutWordVectors);
          }}
        >
          {t('model.wordVectors.remove')}
        </button>
      </div>
    </div>
  );
}
