/** The Node hosts' ImageDecoder (CLI, tests): JPEG through jpeg-js and PNG through pngjs, pure JavaScript, with a pixel cap checked before decoding. */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import {
  type DecodedImage,
  type ImageDecoder,
  sniffImageFormat,
} from '../../core/data/captions/imageDecoder.ts';

/** The most pixels an image may have (a 64-megapixel photo decodes to 256 MiB of RGBA). */
export const MAX_IMAGE_MEGAPIXELS = 64;

function pngSize(bytes: Uint8Array): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 24) throw new Error('the PNG is truncated before its header');
  return [view.getUint32(16), view.getUint32(20)];
}

function decodePng(bytes: Uint8Array): DecodedImage {
  const [width, height] = pngSize(bytes);
  if (width * height > MAX_IMAGE_MEGAPIXELS * 1_000_000) {
    throw new Error(
      `the image must have at most ${MAX_IMAGE_MEGAPIXELS} megapixels, got ${width}×${height}`,
    );
  }
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { width: png.width, height: png.height, data: png.data };
}

function decodeJpeg(bytes: Uint8Array): DecodedImage {
  const image = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: MAX_IMAGE_MEGAPIXELS,
    maxMemoryUsageInMB: 1024,
  });
  return { width: image.width, height: image.height, data: image.data };
}

/** Decodes JPEG and PNG by their first bytes (not their names); other bytes are refused. */
export const nodeImageDecoder: ImageDecoder = {
  async decode(bytes: Uint8Array): Promise<DecodedImage> {
    const format = sniffImageFormat(bytes);
    if (format === 'jpeg') return decodeJpeg(bytes);
    if (format === 'png') return decodePng(bytes);
    throw new Error('the file is not a JPEG or PNG image');
  },
};
