/** Which words moved a classifier's decision: the text's tokens coloured by occlusion importance (blue for, red against), with a legend and a caption. */
import './explain.css';
import { useTranslation } from 'react-i18next';
import type { TokenImportance } from '../../../core/tasks/task.ts';
import { formatChange, importanceScaleMax, importanceShade } from './explainScale.ts';

export function WordImportance({
  label,
  importance,
}: {
  label: string;
  importance: readonly TokenImportance[];
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const unit = t('try.explain.importance.unit');
  const max = importanceScaleMax(importance.map((i) => i.delta));
  return (
    <figure className="explain" data-testid="importance-view">
      <figcaption>
        <strong>{t('try.explain.importance.title')}</strong>{' '}
        <span className="panel__hint">{t('try.explain.importance.caption', { label })}</span>
      </figcaption>
      <p className="importance">
        {importance.map(({ token, delta }, i) => {
          const shade = importanceShade(delta, max);
          const change = formatChange(delta, lng, unit);
          return (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: tokens repeat; position is identity.
              key={i}
              className="importance__token"
              data-side={shade.side}
              data-strong={shade.strong}
              style={{ ['--s' as string]: shade.strength }}
              title={t('try.explain.importance.token', { token, change })}
            >
              {token}
              <span className="visually-hidden"> ({change})</span>
            </span>
          );
        })}
      </p>
      <p className="importance__legend panel__hint">
        <span className="importance__swatch" data-side="for" aria-hidden="true" />
        {t('try.explain.importance.supported', { label })}
        <span className="importance__swatch" data-side="against" aria-hidden="true" />
        {t('try.explain.importance.against')}
        <span>
          {t('try.explain.importance.scale', { value: formatChange(max, lng, unit).slice(1) })}
        </span>
      </p>
    </figure>
  );
}
