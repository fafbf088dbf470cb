/** Where a caption model looked for each word: the photo with a heat map for the chosen word (hover, focus or click a word to choose it). */
import './explain.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageAttention } from '../../../core/tasks/task.ts';
import { formatPercent } from '../format.ts';
import { drawImageAttention } from './drawImageAttention.ts';
import { fitInside } from './imageHeat.ts';

/** The box the picture is drawn in (CSS pixels). */
const BOX = { width: 360, height: 300 };

export function ImageAttentionView({
  picture,
  attention,
}: {
  picture: ImageBitmap;
  attention: ImageAttention;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const [chosen, setChosen] = useState(0);
  const [pointed, setPointed] = useState<number | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { output, weights } = attention;
  const word = Math.min(pointed ?? chosen, output.length - 1);
  const size = fitInside(picture.width, picture.height, BOX);
  useEffect(() => {
    const c = canvas.current;
    if (c === null || word < 0) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(size.width * dpr);
    c.height = Math.round(size.height * dpr);
    drawImageAttention(c, picture, attention, word);
  }, [picture, attention, word, size.width, size.height]);
  if (output.length === 0) return null;
  const peak = (weights[word] ?? []).reduce((m, w) => Math.max(m, w), 0);
  const readout = t('try.caption.attention.readout', {
    word: output[word],
    at: word + 1,
    total: output.length,
    peak: formatPercent(peak, lng),
  });
  return (
    <figure className="explain image-attention" data-testid="image-attention">
      <figcaption>
        <strong>{t('try.caption.attention.title')}</strong>{' '}
        <span className="panel__hint">{t('try.caption.attention.caption')}</span>
      </figcaption>
      <div className="image-attention__body">
        <canvas
          ref={canvas}
          className="image-attention__canvas"
          style={{ width: size.width, height: size.height }}
          role="img"
          aria-label={readout}
          data-testid="attention-canvas"
          data-word={word}
        />
        <div className="image-attention__side">
          <fieldset className="image-attention__words" onMouseLeave={() => setPointed(null)}>
            <legend className="visually-hidden">{t('try.caption.attention.words')}</legend>
            {output.map((w, i) => (
              <button
                // biome-ignore lint/suspicious/noArrayIndexKey: words repeat; position is identity.
                key={i}
                type="button"
                className="image-attention__word"
                aria-pressed={i === word}
                data-testid="attention-word"
                onMouseEnter={() => setPointed(i)}
                onFocus={() => setChosen(i)}
                onClick={() => setChosen(i)}
              >
                {w}
              </button>
            ))}
          </fieldset>
          <p
            className="image-attention__readout"
            aria-live="polite"
            data-testid="attention-readout"
          >
            {readout}
          </p>
          <p className="panel__hint">{t('try.caption.attention.crop')}</p>
        </div>
      </div>
    </figure>
  );
}
