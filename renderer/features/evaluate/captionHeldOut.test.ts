/** Evaluate's caption examples come from the images the trainer scores: the folder's split file decides them, each with all of its references. */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipImageFolder } from '../../../core/data/captions/imageFolder.ts';
import { presetSpec } from '../../../core/tasks/presets.ts';
import { captionHeldOut } from './captionHeldOut.ts';

function zip(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
}

describe('captionHeldOut', () => {
  it("lists the split file's test images with every reference, in the dataset's order", async () => {
    const folder = zipImageFolder(
      zip({
        'photos/a.jpg': 'x',
        'photos/b.jpg': 'x',
        'photos/c.jpg': 'x',
        'photos/captions.csv':
          'image,caption\na.jpg,a cat\nb.jpg,a dog\nb.jpg,the dog runs\nc.jpg,a cup\n',
        'photos/split.tsv': 'image\tsplit\na.jpg\ttrain\nb.jpg\ttest\nc.jpg\tval\n',
      }),
      'photos.zip',
    );
    const held = await captionHeldOut(folder, presetSpec('caption'));
    expect(held).toEqual({
      split: 'test',
      images: [{ image: 'photos/b.jpg', references: ['a dog', 'the dog runs'] }],
    });
  });

  it('falls back to the validation images when the split file has no test part', async () => {
    const folder = zipImageFolder(
      zip({
        'a.png': 'x',
        'b.png': 'x',
        'captions.csv': 'image,caption\na.png,one\nb.png,two\n',
        'split.tsv': 'image\tsplit\na.png\ttrain\nb.png\tval\n',
      }),
      'two.zip',
    );
    expect(await captionHeldOut(folder, presetSpec('caption'))).toEqual({
      split: 'val',
      images: [{ image: 'b.png', references: ['two'] }],
    });
  });
});
