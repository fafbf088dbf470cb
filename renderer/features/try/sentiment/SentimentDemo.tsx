/** The classification demo: type a text and see each class's probability as a bar. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BarList } from '../../../components/BarList.tsx';
import { WordImportance } from '../../../components/explain/WordImportance.tsx';
import { formatPercent } from '../../../components/format.ts';
import { PredictionError, RunButton, SubmitText, TryPanel } from '../TryParts.tsx';
import type { TryModel } from '../tryModel.ts';
import { usePrediction } from '../usePrediction.ts';

export function SentimentDemo({ model }: { model: TryModel }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const id = useId();
  const [text, setText] = useState('');
  const p = usePrediction(model.source);
  const result = p.result?.kind === 'classify' ? p.result : null;
  const submit = () => {
    if (text.trim() !== '') void p.run({ text, explain: true });
  };
  return (
    <TryPanel id={id} title={t('try.sentiment.title')}>
      <label htmlFor={id} className="visually-hidden">
        {t('try.sentiment.input')}
      </label>
      <SubmitText
        id={id}
        rows={3}
        value={text}
        placeholder={t('try.sentiment.placeholder')}
        onChange={setText}
        onSubmit={submit}
      />
      <div className="try-actions">
        <RunButton label={t('try.predict')} busy={p.busy} onClick={submit} />
        <span className="panel__hint">{t('try.enterHint')}</span>
      </div>
      <PredictionError error={p.error} />
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
          {result.importance !== undefined && (
            <WordImportance label={result.label} importance={result.importance} />
          )}
        </div>
      )}
    </TryPanel>
  );
}
