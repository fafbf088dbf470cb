/** The tagging demo: type a sentence and see each word coloured by its predicted part of speech or entity type. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../../../components/Notice.tsx';
import type { TryModel } from '../tryModel.ts';
import { isSubmitKey, usePrediction } from '../usePrediction.ts';
import { hueOf, tagGroup } from './tagColors.ts';

export function TaggerDemo({ model }: { model: TryModel }) {
  const { t } = useTranslation();
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
    <section className="panel try-demo" aria-labelledby={`${id}-title`}>
      <h2 className="panel__title" id={`${id}-title`}>
        {t('try.tag.title')}
      </h2>
      <label htmlFor={id} className="visually-hidden">
        {t('try.tag.input')}
      </label>
      <input
        id={id}
        className="input"
        value={text}
        placeholder={t('try.tag.placeholder')}
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
          {t('try.tag.run')}
        </button>
      </div>
      {p.error !== null && (
        <Notice tone="error" title={t('try.failed')}>
          <p>{p.error}</p>
        </Notice>
      )}
      {result !== null && (
        <div data-testid="try-result" aria-live="polite">
          <p className="tagged">
            {result.tokens.map((tok, i) => {
              const tag = result.tags[i] ?? '';
              const group = tagGroup(tag);
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
        </div>
      )}
    </section>
  );
}
