/** The tagging demo: type a sentence and see each word coloured by its predicted part of speech or entity type. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../../components/format.ts';
import { PredictionError, RunButton, SubmitText, TryPanel } from '../TryParts.tsx';
import type { TryModel } from '../tryModel.ts';
import { usePrediction } from '../usePrediction.ts';
import { hueOf, isUncertain, tagGroup } from './tagColors.ts';

export function TaggerDemo({ model }: { model: TryModel }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const id = useId();
  const [text, setText] = useState('');
  const p = usePrediction(model.source);
  const result = p.result?.kind === 'tag' ? p.result : null;
  const submit = () => {
    if (text.trim() !== '') void p.run({ text });
  };
  const groups =
    result === null ? [] : [...new Set(result.tags.map(tagGroup))].filter((g) => g !== null);
  return (
    <TryPanel id={id} title={t('try.tag.title')}>
      <label htmlFor={id} className="visually-hidden">
        {t('try.tag.input')}
      </label>
      <SubmitText
        id={id}
        value={text}
        placeholder={t('try.tag.placeholder')}
        onChange={setText}
        onSubmit={submit}
      />
      <div className="try-actions">
        <RunButton label={t('try.tag.run')} busy={p.busy} onClick={submit} />
      </div>
      <PredictionError error={p.error} />
      {result !== null && (
        <div data-testid="try-result" aria-live="polite">
          <p className="tagged">
            {result.tokens.map((tok, i) => {
              const tag = result.tags[i] ?? '';
              const group = tagGroup(tag);
              const confidence = result.confidences?.[i];
              return (
                <mark
                  // biome-ignore lint/suspicious/noArrayIndexKey: words repeat; position is identity.
                  key={i}
                  className="tagged__word"
                  data-tag={tag}
                  style={group === null ? undefined : { ['--hue' as string]: hueOf(group) }}
                  data-plain={group === null}
                >
                  {tok}
                  <span className="tagged__tag">{tag}</span>
                  {confidence !== undefined && (
                    <span
                      className="tagged__confidence"
                      data-testid="tag-confidence"
                      data-low={isUncertain(confidence)}
                    >
                      {formatPercent(confidence, lng)}
                      {isUncertain(confidence) && (
                        <span className="visually-hidden">
                          {' '}
                          ({t('try.explain.confidence.low')})
                        </span>
                      )}
                    </span>
                  )}
                </mark>
              );
            })}
          </p>
          {result.entities.length > 0 && (
            <ul className="try-entities" data-testid="try-entities">
              {result.entities.map((e) => (
                <li key={`${e.start}-${e.end}`}>
                  <strong>{e.type}</strong> {e.text}
                </li>
              ))}
            </ul>
          )}
          <p className="panel__hint">{t('try.tag.legend', { tags: groups.join(', ') })}</p>
          {result.confidences !== undefined && (
            <p className="panel__hint">{t('try.explain.confidence.caption')}</p>
          )}
        </div>
      )}
    </TryPanel>
  );
}
