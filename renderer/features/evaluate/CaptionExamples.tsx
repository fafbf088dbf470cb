/** Evaluate's held-out images of a caption run: each photo, the model's caption and every reference caption. */
import { useTranslation } from 'react-i18next';
import { CaptionPicture } from '../try/caption/CaptionPicture.tsx';
import type { CaptionRow } from './captionReport.ts';

export function CaptionExamples({ rows }: { rows: readonly CaptionRow[] }) {
  const { t } = useTranslation();
  return (
    <ul className="caption-examples" data-testid="caption-examples">
      {rows.map((row) => (
        <li key={row.image} className="caption-examples__item" data-testid="caption-example">
          <CaptionPicture
            picture={row.picture}
            box={{ width: 180, height: 150 }}
            label={row.image}
          />
          <div className="caption-examples__text">
            <p className="panel__hint caption-examples__file">{row.image}</p>
            <p className="caption-examples__output">
              <span className="caption-examples__label">{t('evaluate.caption.output')}</span>{' '}
              <strong data-testid="caption-example-output">{row.output}</strong>
            </p>
            <span className="caption-examples__label">{t('evaluate.caption.references')}</span>
            <ul className="caption-examples__references">
              {row.references.map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: references may repeat.
                <li key={i}>{r}</li>
              ))}
            </ul>
          </div>
        </li>
      ))}
    </ul>
  );
}
