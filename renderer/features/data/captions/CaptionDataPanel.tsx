/** What was read from a captioning folder or zip: images, captions, captions per image, the captions file's format, and a grid of the first images with their captions. */
import './captions.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../../components/format.ts';
import type { CaptionPreviewItem, LoadedCaptions } from './inspectCaptions.ts';

/** One preview tile: the image through an object URL (revoked when the tile goes) and its captions. */
function PreviewTile({ item }: { item: CaptionPreviewItem }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const made = URL.createObjectURL(
      new Blob([item.bytes as Uint8Array<ArrayBuffer>], { type: item.type }),
    );
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [item]);
  return (
    <figure className="caption-tile" data-testid="caption-tile">
      {url !== null && <img className="caption-tile__image" src={url} alt={item.path} />}
      <figcaption>
        <p className="caption-tile__path">{item.path}</p>
        <ul className="caption-tile__captions">
          {item.captions.map((caption, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: an image may have the same caption twice.
            <li key={i}>{caption}</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

export function CaptionDataPanel({
  captions,
  onReplace,
}: {
  captions: LoadedCaptions;
  onReplace: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { summary, preview } = captions;
  const perImage = summary.captionsPerImage;
  return (
    <>
      <section className="panel file-summary" aria-labelledby="file-summary-heading">
        <div className="file-summary__top">
          <div>
            <h2
              className="panel__title file-summary__name"
              id="file-summary-heading"
              data-testid="dataset-name"
              tabIndex={-1}
            >
              {summary.name}
            </h2>
            <p className="panel__hint" data-testid="caption-facts">
              {t('captionData.facts', {
                images: formatCount(summary.images, lng),
                captions: formatCount(summary.captions, lng),
                perImage:
                  perImage.min === perImage.max
                    ? formatCount(perImage.min, lng)
                    : t('captionData.perImageRange', {
                        min: perImage.min,
                        max: perImage.max,
                        mean: perImage.mean.toFixed(1),
                      }),
              })}
            </p>
            <p className="panel__hint" data-testid="caption-format">
              {t('captionData.format', {
                file: summary.captionsFile,
                format: t(`captionData.formats.${summary.format}`),
                vocab: formatCount(summary.vocabSize, lng),
              })}
            </p>
          </div>
          <button type="button" className="button" onClick={onReplace}>
            {t('captionData.replace')}
          </button>
        </div>
        {summary.uncaptionedImages > 0 && (
          <p className="panel__hint">
            {t('captionData.uncaptioned', { count: summary.uncaptionedImages })}
          </p>
        )}
        <p className="panel__hint">
          {summary.split.source === 'official'
            ? t('captionData.splitOfficial', summary.split)
            : t('captionData.splitRandom')}
        </p>
      </section>
      <section className="panel" aria-labelledby="caption-preview-heading">
        <h2 className="panel__title" id="caption-preview-heading">
          {t('captionData.previewTitle', { shown: preview.length, images: summary.images })}
        </h2>
        <div className="caption-grid" data-testid="caption-preview">
          {preview.map((item) => (
            <PreviewTile key={item.path} item={item} />
          ))}
        </div>
      </section>
    </>
  );
}
