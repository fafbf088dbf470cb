/** Spec changes of the captioner's image-encoder card that are more than one field. */
import { DEFAULT_IMAGE_ENCODER } from '../../../../core/tasks/caption/describe.ts';
import type { ImageEncoderSpec } from '../../../../core/tasks/spec.ts';

/** The encoder for another backbone: resnet18 starts at ImageNet's 224 pixels, the small CNN at its preset's. */
export function switchBackbone(
  image: ImageEncoderSpec,
  backbone: ImageEncoderSpec['backbone'],
): ImageEncoderSpec {
  if (backbone === image.backbone) return image;
  if (backbone === 'resnet18') {
    const { width: _w, blocks: _b, ...rest } = image;
    return { ...rest, backbone, imageSize: 224 };
  }
  const { weights: _weights, ...rest } = image;
  return {
    ...rest,
    backbone,
    freeze: false,
    imageSize: DEFAULT_IMAGE_ENCODER.imageSize,
    width: DEFAULT_IMAGE_ENCODER.width,
    blocks: DEFAULT_IMAGE_ENCODER.blocks,
  };
}
