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

/** What the JPEG's header segments say: its component count and whether it has an Adobe APP14 segment. */
function jpegHeader(bytes: Uint8Array): { components: number; adobe: boolean } {
  let components = 0;
  let adobe = false;
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1] as number;
    if (marker === 0xda || marker === 0xd9) break;
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    const isFrame =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) components = bytes[at + 9] ?? 0;
    if (marker === 0xee && String.fromCharCode(...bytes.subarray(at + 4, at + 9)) === 'Adobe')
      adobe = true;
    at += 2 + length;
  }
  return { components, adobe };
}

/**
 * YCbCr → RGB in place (JFIF, rounded to nearest as libjpeg does).
 * NOTE: jpeg-js converts with truncation (its output array is a Uint8Array), which darkens every
 * pixel by half a level on average against libjpeg-turbo (torchvision, browsers); so plain
 * 3-component JPEGs are decoded with its transform off and converted here.
 */
function ycbcrToRgb(data: Uint8Array): void {
  for (let i = 0; i < data.length; i += 4) {
    const y = data[i] as number;
    const cb = (data[i + 1] as number) - 128;
    const cr = (data[i + 2] as number) - 128;
    data[i] = Math.min(255, Math.max(0, Math.round(y + 1.402 * cr)));
    data[i + 1] = Math.min(255, Math.max(0, Math.round(y - 0.344136 * cb - 0.714136 * cr)));
    data[i + 2] = Math.min(255, Math.max(0, Math.round(y + 1.772 * cb)));
  }
}

function decodeJpeg(bytes: Uint8Array): DecodedImage {
  const { components, adobe } = jpegHeader(bytes);
  const convertHere = components === 3 && !adobe;
  const image = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    colorTransform: !convertHere,
    maxResolutionInMP: MAX_IMAGE_MEGAPIXELS,
    maxMemoryUsageInMB: 1024,
  });
  if (convertHere) ycbcrToRgb(image.data);
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
