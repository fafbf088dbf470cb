/** Reads a photo the user dropped or chose for the caption demo: JPEG or PNG by its first bytes, decoded in the browser (canvasImageDecoder). */
import {
  type DecodedImage,
  type ImageDecoder,
  sniffImageFormat,
} from '../../../../core/data/captions/imageDecoder.ts';

/** Why a file cannot be captioned: not a JPEG/PNG at all, or one the browser cannot decode. */
export type ImageFileProblem = 'not-image' | 'unreadable';

/** A refused file: its name, the problem, and the decoder's reason (English) when it gave one. */
export class ImageFileError extends Error {
  override readonly name = 'ImageFileError';
  constructor(
    readonly problem: ImageFileProblem,
    readonly fileName: string,
    readonly reason?: string,
  ) {
    super(
      problem === 'not-image'
        ? `'${fileName}' must be a JPEG or PNG image, got other bytes.`
        : `'${fileName}' must be a readable JPEG or PNG image, got: ${reason ?? 'unreadable data'}.`,
    );
  }
}

/**
 * The decoded pixels of `file`.
 * @throws ImageFileError 'not-image' when its first bytes are not JPEG's or PNG's, 'unreadable'
 *   when it cannot be read or the decoder refuses it (a damaged or too large image).
 */
export async function readImageFile(
  file: { name: string; arrayBuffer(): Promise<ArrayBuffer> },
  decoder: ImageDecoder,
): Promise<DecodedImage> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (err) {
    throw new ImageFileError('unreadable', file.name, (err as Error).message);
  }
  if (sniffImageFormat(bytes) === null) throw new ImageFileError('not-image', file.name);
  try {
    return await decoder.decode(bytes, file.name);
  } catch (err) {
    throw new ImageFileError('unreadable', file.name, (err as Error).message);
  }
}
