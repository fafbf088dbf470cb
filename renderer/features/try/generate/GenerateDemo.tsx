/** The text generator demo: a prompt, a temperature, a length and a seed; the model continues the prompt. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NumberField } from '../../model/fields.tsx';
import { PredictionError, RunButton, TryPanel } from '../TryParts.tsx';
import type { TryModel } from '../tryModel.ts';
import { usePrediction } from '../usePrediction.ts';

export function GenerateDemo({ model }: { model: TryModel }) {
  const { t } = useTranslation();
  const id = useId();
  const [prompt, setPrompt] = useState('');
  const [temperature, setTemperature] = useState(0.8);
  const [maxTokens, setMaxTokens] = useState(120);
  const [seed, setSeed] = useState(0);
  const p = usePrediction(model.source);
  const result = p.result?.kind === 'generate' ? p.result : null;
  const submit = () => void p.run({ text: prompt, decode: { temperature, maxTokens, seed } });
  return (
    <TryPanel id={id} title={t('try.generate.title')}>
      <label htmlFor={id}>{t('try.generate.prompt')}</label>
      <textarea
        id={id}
        className="input try-textarea"
        rows={2}
        value={prompt}
        data-testid="try-text"
        onChange={(e) => setPrompt(e.currentTarget.value)}
      />
      <div className="try-controls">
        <div className="field">
          <label htmlFor={`${id}-temp`}>
            {t('try.generate.temperature', { value: temperature.toFixed(2) })}
          </label>
          <input
            id={`${id}-temp`}
            type="range"
            min={0.1}
            max={2}
            step={0.05}
            value={temperature}
            data-testid="try-temperature"
            onChange={(e) => setTemperature(Number(e.currentTarget.value))}
          />
        </div>
        <NumberField
          label={t('try.generate.length')}
          value={maxTokens}
          min={1}
          max={2000}
          onChange={setMaxTokens}
        />
        <NumberField
          label={t('try.generate.seed')}
          value={seed}
          min={0}
          max={Number.MAX_SAFE_INTEGER}
          onChange={setSeed}
        />
      </div>
      <div className="try-actions">
        <RunButton label={t('try.generate.run')} busy={p.busy} onClick={submit} />
      </div>
      <PredictionError error={p.error} />
      {result !== null && (
        <p className="samples__text" data-testid="try-result" aria-live="polite">
          {result.text.startsWith(prompt) ? (
            <>
              <span className="generated__prompt">{prompt}</span>
              {result.text.slice(prompt.length)}
            </>
          ) : (
            result.text
          )}
        </p>
      )}
    </TryPanel>
  );
}
