/** The host object that turns image file bytes into pixels: core never decodes itself (the CLI passes jpeg-js/pngjs, the browser createImageBitmap + OffscreenCanvas). */

/** Decoded pixels: `data` is RGBA, 8 bits per channel, row-major, `width * height * 4` bytes. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** Decodes JPEG and PNG files; a host implements it, as it implements file access. */
export interface ImageDecoder {
  /**
   * The pixels of one image file.
   * @param bytes the whole file
   * @param name the file's name, for messages
   * @throws Error when the bytes are not a JPEG or PNG it can decode (callers name the file).
   */
  decode(bytes: Uint8Array, name: string): Promise<DecodedImage>;
}

/** Image file names the captioning data reads, by extension. */
export const IMAGE_EXTENSIONS = /\.(jpe?g|png)$/i;

/** The format the first bytes announce: JPEG (FF D8 FF), PNG (89 'PNG'), or null. */
export function sniffImageFormat(bytes: Uint8Array): 'jpeg' | 'png' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return 'png';
  return null;
}
