/** The translator demo over a seq2seq model: source text on the left, the decoded translation and beam candidates on the right. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttentionView } from '../../../components/explain/AttentionView.tsx';
import { BeamField } from '../BeamField.tsx';
import { PredictionError, RunButton, SubmitText, TryPanel } from '../TryParts.tsx';
import type { TryModel } from '../tryModel.ts';
import { usePrediction } from '../usePrediction.ts';

export function TranslateDemo({ model }: { model: TryModel }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [beam, setBeam] = useState(4);
  const p = usePrediction(model.source);
  const result = p.result?.kind === 'seq2seq' ? p.result : null;
  const submit = () => {
    if (text.trim() !== '') void p.run({ text, decode: { beamSize: beam } });
  };
  return (
    <TryPanel id={id} title={t('try.translate.title')}>
      <div className="translate">
        <div className="translate__pane">
          <label htmlFor={id}>{t('try.translate.source')}</label>
          <SubmitText
            id={id}
            rows={5}
            value={text}
            placeholder={t('try.translate.placeholder')}
            onChange={setText}
            onSubmit={submit}
          />
        </div>
        <div className="translate__pane">
          <span className="translate__label">{t('try.translate.target')}</span>
          <output className="translate__output" data-testid="try-result" aria-live="polite">
            {result?.text ?? ''}
          </output>
          {result !== null && result.candidates.length > 1 && (
            <ol className="translate__candidates" aria-label={t('try.translate.candidates')}>
              {result.candidates.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: candidates may repeat.
                <li key={i}>
                  {c.text} <span className="panel__hint">({c.score.toFixed(2)})</span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
      <div className="try-actions">
        <RunButton label={t('try.translate.run')} busy={p.busy} onClick={submit} />
        <BeamField value={beam} onChange={setBeam} />
      </div>
      <PredictionError error={p.error} />
      {result !== null && <AttentionView attention={result.attention} />}
    </TryPanel>
  );
}
