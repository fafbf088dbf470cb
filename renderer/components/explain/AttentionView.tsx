/** The attention matrix of a seq2seq answer: output tokens × source tokens as a heat map, read by hover or arrow keys; or, without attention, how to turn it on. */
import './explain.css';
import { type KeyboardEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttentionMatrix } from '../../../core/tasks/task.ts';
import { formatPercent } from '../format.ts';
import { attentionShade } from './explainScale.ts';
import { moveCell } from './gridFocus.ts';

/** The picture for one seq2seq prediction; `attention` is absent when the model has none. */
export function AttentionView({ attention }: { attention: AttentionMatrix | undefined }) {
  const { t } = useTranslation();
  if (attention === undefined) {
    return (
      <p className="panel__hint" data-testid="attention-none">
        {t('try.explain.attention.none')}
      </p>
    );
  }
  return (
    <figure className="explain" data-testid="attention-view">
      <figcaption>
        <strong>{t('try.explain.attention.title')}</strong>{' '}
        <span className="panel__hint">{t('try.explain.attention.caption')}</span>
      </figcaption>
      <AttentionGrid attention={attention} />
      <AttentionLegend />
    </figure>
  );
}

function AttentionGrid({ attention }: { attention: AttentionMatrix }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const { source, output, weights } = attention;
  const [active, setActive] = useState<[number, number] | null>(null);
  const readoutId = useId();
  const readout = (r: number, c: number): string =>
    t('try.explain.attention.readout', {
      output: output[r],
      source: source[c],
      value: formatPercent(weights[r]?.[c] ?? 0, lng),
    });
  const onKeyDown = (e: KeyboardEvent) => {
    const next = moveCell(active, e.key, { rows: output.length, cols: source.length });
    if (next === null) return;
    e.preventDefault();
    setActive(next);
  };
  if (output.length === 0) return null;
  return (
    <>
      <section
        className="attention"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the scrolling matrix takes focus so keyboard users can read its cells with the arrow keys.
        tabIndex={0}
        aria-label={t('try.explain.attention.table')}
        aria-describedby={readoutId}
        onKeyDown={onKeyDown}
        onMouseLeave={() => setActive(null)}
      >
        <table className="attention__table">
          <caption className="visually-hidden">{t('try.explain.attention.table')}</caption>
          <thead>
            <tr>
              <th scope="col" className="attention__corner">
                <span>{t('try.explain.attention.source')}</span>
                <span>{t('try.explain.attention.output')}</span>
              </th>
              {source.map((tok, c) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: tokens repeat; position is identity.
                <th key={c} scope="col" className="attention__source">
                  {tok}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weights.map((row, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: tokens repeat; position is identity.
              <tr key={r}>
                <th scope="row" className="attention__output">
                  {output[r]}
                </th>
                {row.map((w, c) => {
                  const shade = attentionShade(w);
                  const isActive = active !== null && active[0] === r && active[1] === c;
                  return (
                    <td
                      // biome-ignore lint/suspicious/noArrayIndexKey: a cell is its position.
                      key={c}
                      className="attention__cell"
                      style={{ ['--w' as string]: shade.strength }}
                      data-active={isActive}
                      title={readout(r, c)}
                      onMouseEnter={() => setActive([r, c])}
                    />
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p id={readoutId} className="attention__readout" aria-live="polite">
        {active === null ? t('try.explain.attention.hint') : readout(active[0], active[1])}
      </p>
    </>
  );
}

/** The scale of the cells: five steps from 0 % to 100 %. */
function AttentionLegend() {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const steps = [0, 0.25, 0.5, 0.75, 1];
  return (
    <p className="attention__legend panel__hint" aria-hidden="true">
      {steps.map((w) => (
        <span key={w} className="attention__legend-step">
          <span className="attention__cell" style={{ ['--w' as string]: w }} />
          {formatPercent(w, lng)}
        </span>
      ))}
    </p>
  );
}
