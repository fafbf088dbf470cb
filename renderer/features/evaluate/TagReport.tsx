/** The tagging report: per-tag precision, recall and F1, and a browser of held-out sentences with wrong tags highlighted. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelScores } from '../../../core/tasks/task.ts';
import { formatCount } from '../../components/format.ts';
import { formatMetric } from '../../components/metricFormat.ts';

/** Precision, recall, F1 and support per label (a tag, an entity type or a class). */
export function TagScoresTable({
  scores,
  labelHeader,
  testId = 'tag-scores',
}: {
  scores: readonly LabelScores[];
  labelHeader?: string;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  return (
    <div className="table-scroll">
      <table className="metrics-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{labelHeader ?? t('evaluate.tags.tag')}</th>
            <th scope="col">{t('evaluate.tags.precision')}</th>
            <th scope="col">{t('evaluate.tags.recall')}</th>
            <th scope="col">F1</th>
            <th scope="col">{t('evaluate.tags.support')}</th>
          </tr>
        </thead>
        <tbody>
          {scores.map((s) => (
            <tr key={s.label}>
              <th scope="row">{s.label}</th>
              <td>{formatMetric('f1', s.precision, lng)}</td>
              <td>{formatMetric('f1', s.recall, lng)}</td>
              <td>{formatMetric('f1', s.f1, lng)}</td>
              <td>{formatCount(s.support, lng)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface Sentence {
  tokens: string[];
  gold: string[];
  predicted: string[];
}

export function TagExampleBrowser({ sentences }: { sentences: Sentence[] }) {
  const { t } = useTranslation();
  const [onlyErrors, setOnlyErrors] = useState(true);
  const [index, setIndex] = useState(0);
  const shown = onlyErrors
    ? sentences.filter((s) => s.gold.some((g, i) => g !== s.predicted[i]))
    : sentences;
  const at = Math.min(index, Math.max(0, shown.length - 1));
  const s = shown[at];
  return (
    <div className="tag-browser" data-testid="tag-browser">
      <div className="tag-browser__bar">
        <button
          type="button"
          className="button"
          disabled={at === 0}
          onClick={() => setIndex(at - 1)}
          aria-label={t('evaluate.tags.previous')}
        >
          ‹
        </button>
        <span aria-live="polite">
          {t('evaluate.tags.position', {
            at: shown.length === 0 ? 0 : at + 1,
            total: shown.length,
          })}
        </span>
        <button
          type="button"
          className="button"
          disabled={at >= shown.length - 1}
          onClick={() => setIndex(at + 1)}
          aria-label={t('evaluate.tags.next')}
        >
          ›
        </button>
        <label className="check">
          <input
            type="checkbox"
            checked={onlyErrors}
            onChange={(e) => {
              setOnlyErrors(e.currentTarget.checked);
              setIndex(0);
            }}
          />
          {t('evaluate.tags.onlyErrors')}
        </label>
      </div>
      {s === undefined ? (
        <p className="panel__hint">{t('evaluate.tags.noErrors')}</p>
      ) : (
        <ol className="tag-tokens">
          {s.tokens.map((tok, i) => {
            const wrong = s.gold[i] !== s.predicted[i];
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: tokens repeat; their position is their identity.
              <li key={i} className="tag-token" data-wrong={wrong}>
                <span className="tag-token__word">{tok}</span>
                <span className="tag-token__tag">{s.predicted[i]}</span>
                {wrong && (
                  <span className="tag-token__gold">
                    {t('evaluate.tags.gold', { tag: s.gold[i] })}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
