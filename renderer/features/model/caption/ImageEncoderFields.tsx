/** The captioner's image encoder card: a small CNN (width, blocks) or torchvision's resnet18 from the user's safetensors file, the image size, and whether the encoder is frozen. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_IMAGE_ENCODER } from '../../../../core/tasks/caption/describe.ts';
import type { ImageEncoderSpec, RunSpec } from '../../../../core/tasks/spec.ts';
import { studioStore } from '../../../app/store.ts';
import { Notice } from '../../../components/Notice.tsx';
import { CheckField, NumberField, SelectField } from '../fields.tsx';
import {
  BackboneChoiceError,
  chooseBackbone,
  forgetBackbone,
  useChosenBackbone,
} from './backboneWeights.ts';
import { switchBackbone } from './imageEncoder.ts';

/** Changes part of `spec.model.image`. */
function setImage(next: ImageEncoderSpec): void {
  studioStore.setSpec((s) => ({ ...s, model: { ...s.model, image: next } }));
}

/** The resnet18 weights: choose a `.safetensors` file (its header is checked), or train from random weights. */
function BackboneWeightsField({ image }: { image: ImageEncoderSpec }) {
  const { t } = useTranslation();
  const id = useId();
  const chosen = useChosenBackbone();
  const [error, setError] = useState<string | null>(null);
  const named = image.weights;
  return (
    <div className="field">
      <label htmlFor={id}>{t('model.caption.weights')}</label>
      <p className="panel__hint" data-testid="backbone-weights-state">
        {named === undefined
          ? t('model.caption.weightsNone')
          : chosen?.name === named
            ? t('model.caption.weightsChosen', { file: named })
            : t('model.caption.errors.not-open', { fileName: named })}
      </p>
      <input
        id={id}
        type="file"
        accept=".safetensors"
        data-testid="backbone-weights-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file === undefined) return;
          setError(null);
          chooseBackbone(file)
            .then(() => setImage({ ...image, weights: file.name }))
            .catch((err: unknown) => {
              if (!(err instanceof BackboneChoiceError)) throw err;
              setError(t(`model.caption.errors.${err.code}`, err.params));
            });
        }}
      />
      {named !== undefined && (
        <button
          type="button"
          className="button"
          onClick={() => {
            forgetBackbone();
            const { weights: _w, ...rest } = image;
            setImage(rest);
          }}
        >
          {t('model.caption.weightsRemove')}
        </button>
      )}
      {error !== null && <Notice tone="error" title={error} testId="backbone-weights-error" />}
      <p className="panel__hint">{t('model.caption.weightsHow')}</p>
    </div>
  );
}

export function ImageEncoderFields({ spec }: { spec: RunSpec }) {
  const { t } = useTranslation();
  const image = spec.model.image ?? DEFAULT_IMAGE_ENCODER;
  return (
    <>
      <SelectField
        label={t('model.caption.backbone')}
        value={image.backbone}
        options={(['cnn', 'resnet18'] as const).map((v) => ({
          value: v,
          label: t(`model.caption.backbones.${v}`),
        }))}
        testId="caption-backbone"
        onChange={(backbone) => setImage(switchBackbone(image, backbone))}
      />
      {image.backbone === 'cnn' ? (
        <>
          <NumberField
            label={t('model.caption.width')}
            value={image.width ?? DEFAULT_IMAGE_ENCODER.width ?? 16}
            min={4}
            max={256}
            testId="caption-cnn-width"
            onChange={(width) => setImage({ ...image, width })}
          />
          <NumberField
            label={t('model.caption.blocks')}
            value={image.blocks ?? DEFAULT_IMAGE_ENCODER.blocks ?? 3}
            min={1}
            max={6}
            testId="caption-cnn-blocks"
            onChange={(blocks) => setImage({ ...image, blocks })}
          />
        </>
      ) : (
        <BackboneWeightsField image={image} />
      )}
      <NumberField
        label={t('model.caption.imageSize')}
        value={image.imageSize}
        min={16}
        max={512}
        testId="caption-image-size"
        onChange={(imageSize) => setImage({ ...image, imageSize })}
      />
      <CheckField
        label={t('model.caption.freeze')}
        checked={image.freeze}
        testId="caption-freeze"
        onChange={(freeze) => setImage({ ...image, freeze })}
      />
    </>
  );
}
