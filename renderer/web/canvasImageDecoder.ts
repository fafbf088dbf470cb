/** The browser's ImageDecoder (renderer and Web Workers): createImageBitmap decodes natively, an OffscreenCanvas hands back the RGBA pixels. */
import {
  type DecodedImage,
  type ImageDecoder,
  sniffImageFormat,
} from '../../core/data/captions/imageDecoder.ts';

/** The most pixels an image may have, as in the Node decoder (node/images/nodeImageDecoder.ts). */
export const MAX_IMAGE_MEGAPIXELS = 64;

/**
 * Decodes JPEG and PNG by their first bytes. Colour profiles are not applied and alpha is not
 * premultiplied (`colorSpaceConversion: 'none'`, `premultiplyAlpha: 'none'`), so the pixels are
 * the file's own, as jpeg-js, pngjs and torchvision's read_image give them.
 */
export const canvasImageDecoder: ImageDecoder = {
  async decode(bytes: Uint8Array): Promise<DecodedImage> {
    const format = sniffImageFormat(bytes);
    if (format === null) throw new Error('the file is not a JPEG or PNG image');
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: `image/${format}` });
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(blob, {
        colorSpaceConversion: 'none',
        premultiplyAlpha: 'none',
      });
    } catch (err) {
      throw new Error(
        `the ${format.toUpperCase()} data cannot be decoded: ${(err as Error).message}`,
      );
    }
    try {
      const { width, height } = bitmap;
      if (width * height > MAX_IMAGE_MEGAPIXELS * 1_000_000) {
        throw new Error(
          `the image must have at most ${MAX_IMAGE_MEGAPIXELS} megapixels, got ${width}×${height}`,
        );
      }
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (context === null) throw new Error('the browser gave no 2D canvas to read the pixels');
      context.drawImage(bitmap, 0, 0);
      return { width, height, data: context.getImageData(0, 0, width, height).data };
    } finally {
      bitmap.close();
    }
  },
};
