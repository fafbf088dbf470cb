/** The caption demo: drop or choose a photo; the model's beam of captions with their scores, and with attention where it looked for each word. */
import { type DragEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecodedImage } from '../../../../core/data/captions/imageDecoder.ts';
import type { CaptionPrediction } from '../../../../core/tasks/task.ts';
import { ImageAttentionView } from '../../../components/explain/ImageAttentionView.tsx';
import { Icon } from '../../../components/Icon.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { canvasImageDecoder } from '../../../web/canvasImageDecoder.ts';
import { BeamField } from '../BeamField.tsx';
import { PredictionError, TryPanel } from '../TryParts.tsx';
import type { TryModel } from '../tryModel.ts';
import { usePrediction } from '../usePrediction.ts';
import { CaptionPicture } from './CaptionPicture.tsx';
import { ImageFileError, readImageFile } from './imageFile.ts';

/** A photo being captioned: its name, pixels (sent to the trainer) and a bitmap to draw. */
interface Photo {
  name: string;
  pixels: DecodedImage;
  bitmap: ImageBitmap;
}

/** A caption and the photo and beam width it was written for. */
interface Captioned {
  photo: Photo;
  beam: number;
  result: CaptionPrediction;
}

async function photoOf(file: File): Promise<Photo> {
  const pixels = await readImageFile(file, canvasImageDecoder);
  const rgba = new Uint8ClampedArray(pixels.data);
  const bitmap = await createImageBitmap(new ImageData(rgba, pixels.width, pixels.height));
  return { name: file.name, pixels, bitmap };
}

export function CaptionDemo({ model }: { model: TryModel }) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [beam, setBeam] = useState(3);
  const [photo, setPhoto] = useState<Photo | null>(null);
  const [over, setOver] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [captioned, setCaptioned] = useState<Captioned | null>(null);
  const p = usePrediction(model.source);
  const { run } = p;
  // NOTE: a caption is shown only beside the photo and beam it was written for, never the last one's.
  const result =
    captioned !== null && captioned.photo === photo && captioned.beam === beam
      ? captioned.result
      : null;
  const working = photo !== null && result === null && p.error === null;

  useEffect(() => {
    if (photo === null) return;
    let live = true;
    void run({ image: photo.pixels, decode: { beamSize: beam } }).then((r) => {
      if (live && r?.kind === 'caption') setCaptioned({ photo, beam, result: r });
    });
    return () => {
      live = false;
    };
  }, [photo, beam, run]);
  useEffect(() => () => photo?.bitmap.close(), [photo]);

  const choose = (file: File | undefined): void => {
    if (file === undefined) return;
    setFileError(null);
    photoOf(file)
      .then(setPhoto)
      .catch((err: unknown) => {
        if (!(err instanceof ImageFileError)) console.error('Reading the photo failed.', err);
        setFileError(
          err instanceof ImageFileError && err.problem === 'not-image'
            ? t('try.caption.notImage', { file: err.fileName })
            : t('try.caption.unreadable', {
                file: err instanceof ImageFileError ? err.fileName : file.name,
                reason: err instanceof ImageFileError ? (err.reason ?? '') : String(err),
              }),
        );
      });
  };
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setOver(false);
    choose(event.dataTransfer.files[0]);
  };

  return (
    <TryPanel id={id} title={t('try.caption.title')}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target is for the mouse; keyboard users have the button inside it. */}
      <div
        className="caption-drop"
        data-over={over}
        data-testid="caption-drop"
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <Icon name="upload" size={20} />
        <span>{t('try.caption.drop')}</span>
        <button type="button" className="button" onClick={() => input.current?.click()}>
          {t('try.caption.choose')}
        </button>
        <input
          ref={input}
          className="visually-hidden"
          type="file"
          accept="image/jpeg,image/png,.jpg,.jpeg,.png"
          tabIndex={-1}
          aria-label={t('try.caption.choose')}
          data-testid="caption-image-input"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            choose(file);
          }}
        />
        <BeamField value={beam} onChange={setBeam} />
      </div>
      {fileError !== null && (
        <Notice tone="error" title={t('try.caption.fileFailed')} testId="caption-file-error">
          <p className="notice__message">{fileError}</p>
        </Notice>
      )}
      <PredictionError error={p.error} />
      {photo !== null && (
        <div className="caption-result" aria-busy={working}>
          <p className="caption-result__file panel__hint">{photo.name}</p>
          <output className="caption-result__text" data-testid="try-result" aria-live="polite">
            {working ? t('try.caption.working') : (result?.text ?? '')}
          </output>
          {result !== null && result.candidates.length > 0 && (
            <ol className="translate__candidates" aria-label={t('try.caption.candidates')}>
              {result.candidates.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: candidates may repeat.
                <li key={i} data-testid="caption-candidate">
                  {c.text}{' '}
                  <span className="panel__hint">
                    {t('try.caption.score', { score: c.score.toFixed(2) })}
                  </span>
                </li>
              ))}
            </ol>
          )}
          {result?.attention !== undefined ? (
            <ImageAttentionView picture={photo.bitmap} attention={result.attention} />
          ) : (
            <>
              <CaptionPicture picture={photo.bitmap} />
              {result !== null && (
                <p className="panel__hint" data-testid="attention-none">
                  {t('try.caption.noAttention')}
                </p>
              )}
            </>
          )}
        </div>
      )}
    </TryPanel>
  );
}
