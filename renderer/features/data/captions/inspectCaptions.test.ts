/** Reading a captioning folder or zip for the Data section: counts, the format, a preview of the first eight images with their captions, and refusals naming a missing or unreadable image with their message keys. */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ImageDecoder } from '../../../../core/data/captions/imageDecoder.ts';
import type { CaptionSource } from './captionSource.ts';
import { inspectCaptions, PREVIEW_IMAGES } from './inspectCaptions.ts';

const PNG_START = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (i: number) => Uint8Array.of(...PNG_START, i);

/** Decodes any PNG-looking bytes to a 4×4 grey image; anything else is refused as the browser's decoder would. */
const decoder: ImageDecoder = {
  async decode(bytes) {
    if (bytes[0] !== 0x89) throw new Error('the file is not a JPEG or PNG image');
    return { width: 4, height: 4, data: new Uint8Array(64).fill(128) };
  },
};

function folder(files: Record<string, Uint8Array | string>): CaptionSource {
  return {
    kind: 'folder',
    name: 'photos',
    files: Object.entries(files).map(([path, v]) => ({
      path,
      file: new File([v as BlobPart], path),
    })),
  };
}

/** Ten images, two captions each (Flickr8k's layout). */
function tenImages(): Record<string, Uint8Array | string> {
  const files: Record<string, Uint8Array | string> = {};
  const lines: string[] = [];
  for (let i = 0; i < 10; i++) {
    files[`Images/${i}.png`] = png(i);
    lines.push(`${i}.png#0\ta dog runs number ${i}`, `${i}.png#1\ta dog is running`);
  }
  files['captions.txt'] = `${lines.join('\n')}\n`;
  return files;
}

describe('inspectCaptions', () => {
  it('counts images and captions, names the format and previews the first eight images', async () => {
    const loaded = await inspectCaptions(folder(tenImages()), decoder);
    expect(loaded.summary).toMatchObject({
      name: 'photos',
      captionsFile: 'captions.txt',
      format: 'flickr8k',
      images: 10,
      captions: 20,
      captionsPerImage: { min: 2, max: 2, mean: 2 },
    });
    expect(loaded.preview).toHaveLength(PREVIEW_IMAGES);
    expect(loaded.preview[3]).toMatchObject({
      path: 'Images/3.png',
      captions: ['a dog runs number 3', 'a dog is running'],
      type: 'image/png',
    });
  });

  it('reads a zip of the same folder', async () => {
    const files = tenImages();
    const bytes = zipSync(
      Object.fromEntries(
        Object.entries(files).map(([k, v]) => [
          `photos/${k}`,
          typeof v === 'string' ? new TextEncoder().encode(v) : v,
        ]),
      ),
    );
    const zip = new File([bytes], 'photos.zip');
    const loaded = await inspectCaptions({ kind: 'zip', name: 'photos.zip', file: zip }, decoder);
    expect(loaded.summary).toMatchObject({ images: 10, captions: 20, format: 'flickr8k' });
  });

  it('names a caption whose image is missing, with the key and parameters the app words', async () => {
    const files = tenImages();
    delete files['Images/4.png'];
    await expect(inspectCaptions(folder(files), decoder)).rejects.toMatchObject({
      message:
        "Captions file 'captions.txt', line 9: the image '4.png' is not in 'photos'; add the image or remove its captions.",
      detail: {
        key: 'image-missing',
        params: { file: 'captions.txt', where: 'line 9', image: '4.png', folder: 'photos' },
      },
    });
  });

  it('names a preview image that cannot be decoded', async () => {
    const files = tenImages();
    files['Images/2.png'] = 'not an image';
    await expect(inspectCaptions(folder(files), decoder)).rejects.toMatchObject({
      code: 'unreadable-image',
      detail: {
        key: 'image-unreadable',
        params: {
          image: 'Images/2.png',
          folder: 'photos',
          reason: 'the file is not a JPEG or PNG image',
        },
      },
    });
  });

  it('says when the folder has no captions file', async () => {
    await expect(
      inspectCaptions(folder({ 'a.png': png(1), 'notes.md': '# notes' }), decoder),
    ).rejects.toMatchObject({
      detail: { key: 'captions-file-missing', params: { folder: 'photos' } },
    });
  });
});
