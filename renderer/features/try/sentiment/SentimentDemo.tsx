/** The classification demo: type a text and see each class's probability as a bar. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BarList } from '../../../components/BarList.tsx';
import { formatPercent } from '../../../components/format.ts';
import { Notice } from '../../../components/Notice.tsx';
import type { TryModel } from '../tryModel.ts';
import { isSubmitKey, usePrediction } from '../usePrediction.ts';

export function SentimentDemo({ model }: { model: TryModel }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const id = useId();
  const [text, setText] = useState('');
  const p = usePrediction(model.source);
  const result = p.result?.kind === 'classify' ? p.result : null;
  const submit = () => {
    if (text.trim() !== '') void p.run({ text });
  };
  return (
    <section className="panel try-demo" aria-labelledby={`${id}-title`}>
      <h2 className="panel__title" id={`${id}-title`}>
        {t('try.sentiment.title')}
      </h2>
      <label htmlFor={id} className="visually-hidden">
        {t('try.sentiment.input')}
      </label>
      <textarea
        id={id}
        className="input try-textarea"
        rows={3}
        value={text}
        placeholder={t('try.sentiment.placeholder')}
        data-testid="try-text"
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (isSubmitKey(e)) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <div className="try-actions">
        <button
          type="button"
          className="button button--primary"
          onClick={submit}
          disabled={p.busy}
          data-testid="try-predict"
        >
          {t('try.predict')}
        </button>
        <span className="panel__hint">{t('try.enterHint')}</span>
      </div>
      {p.error !== null && (
        <Notice tone="error" title={t('try.failed')}>
          <p>{p.error}</p>
        </Notice>
      )}
      {result !== null && (
        <div data-testid="try-result" aria-live="polite">
          <p className="try-answer">
            {t('try.sentiment.label')} <strong data-testid="try-label">{result.label}</strong>
          </p>
          <BarList
            label={t('try.sentiment.probabilities')}
            items={result.probabilities.map((c) => ({
              label: c.label,
              value: c.probability,
              valueText: formatPercent(c.probability, lng),
            }))}
          />
        </div>
      )}
    </section>
  );
}
