/** The caption demo's file check: a text file is named as no image, a damaged JPEG as unreadable with the decoder's reason, a PNG comes back decoded. */
import { describe, expect, it } from 'vitest';
import type { ImageDecoder } from '../../../../core/data/captions/imageDecoder.ts';
import { ImageFileError, readImageFile } from './imageFile.ts';

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_HEAD = [0xff, 0xd8, 0xff, 0xe0];

function file(name: string, bytes: number[]) {
  return { name, arrayBuffer: async () => Uint8Array.from(bytes).buffer };
}

const decoder: ImageDecoder = {
  async decode(bytes) {
    if (bytes[0] === 0xff) throw new Error('the JPEG data cannot be decoded: broken');
    return { width: 1, height: 1, data: Uint8Array.of(1, 2, 3, 255) };
  },
};

describe('readImageFile', () => {
  it('decodes a PNG by its first bytes', async () => {
    expect(await readImageFile(file('cat.png', PNG_HEAD), decoder)).toEqual({
      width: 1,
      height: 1,
      data: Uint8Array.of(1, 2, 3, 255),
    });
  });

  it('names a file that is no JPEG or PNG (a .jpg name does not make it one)', async () => {
    const err = await readImageFile(file('notes.jpg', [0x68, 0x69]), decoder).catch((e) => e);
    expect(err).toBeInstanceOf(ImageFileError);
    expect(err).toMatchObject({ problem: 'not-image', fileName: 'notes.jpg' });
    expect(err.message).toBe("'notes.jpg' must be a JPEG or PNG image, got other bytes.");
  });

  it('names a JPEG the decoder refuses as unreadable, with its reason', async () => {
    const err = await readImageFile(file('broken.jpg', JPEG_HEAD), decoder).catch((e) => e);
    expect(err).toMatchObject({
      problem: 'unreadable',
      fileName: 'broken.jpg',
      reason: 'the JPEG data cannot be decoded: broken',
    });
  });
});
