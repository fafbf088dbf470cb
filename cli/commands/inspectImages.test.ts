/** Tests of `rnn-studio inspect <folder|zip>` on captioning data: the summary, --json, a zip, the one-line error for a missing image, and a folder without images refused as no file. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../test/support/captureIo.ts';
import { inspectCommand } from './inspect.ts';

const PNG = readFileSync(join(__dirname, '../../test/fixtures/image_synthetic_portrait.png'));
const CAPTIONS =
  'image,caption\na.png,A dog runs\na.png,A dog\nb.png,A cat runs\nc.png,A dog sits\nc.png,A cat\nc.png,A bird\n';

/** A fresh folder `photos/` holding `files`. */
function folder(files: Record<string, string | Uint8Array>): string {
  const root = join(mkdtempSync(join(tmpdir(), 'rnn-inspect-images-')), 'photos');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

describe('inspect <folder|zip>', () => {
  it('summarises a folder of images with a captions file', async () => {
    const io = captureIo();
    const root = folder({
      'captions.csv': CAPTIONS,
      'img/a.png': PNG,
      'img/b.png': PNG,
      'img/c.png': PNG,
    });
    expect(await inspectCommand([root], io)).toBe(0);
    expect(io.err).toBe('');
    expect(io.out.split('\n')).toEqual([
      "photos: image captioning, captions in 'captions.csv' (csv)",
      '3 images, 6 captions, 1–3 (mean 2.00) per image',
      'split by image (seeded, 80/10/10): train 3, validation 0, test 0',
      'vocabulary: 8 tokens (lower-cased words seen at least 2 times in the training captions, with <pad> <unk> <bos> <eos>)',
      '',
    ]);
  });

  it('reads a zip and prints JSON with --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-inspect-images-'));
    const path = join(dir, 'set.zip');
    const split = 'image\tsplit\na.png\ttrain\nb.png\ttest\nc.png\tdev\n';
    writeFileSync(
      path,
      zipSync({
        'captions.csv': strToU8(CAPTIONS),
        'split.tsv': strToU8(split),
        'a.png': PNG,
        'b.png': PNG,
        'c.png': PNG,
      }),
    );
    const io = captureIo();
    expect(await inspectCommand([path, '--json'], io)).toBe(0);
    const result = JSON.parse(io.out) as Record<string, unknown>;
    expect(result).toMatchObject({
      task: 'caption',
      images: 3,
      captions: 6,
      captionsPerImage: { min: 1, max: 3, mean: 2 },
      split: { source: 'official', train: 1, val: 1, test: 1 },
      vocabSize: 6,
    });
  });

  it('exits 1 naming the captions line of a missing image', async () => {
    const io = captureIo();
    const root = folder({ 'captions.csv': CAPTIONS, 'a.png': PNG, 'c.png': PNG });
    expect(await inspectCommand([root], io)).toBe(1);
    expect(io.err).toBe(
      "rnn-studio inspect: Captions file 'captions.csv', line 4: the image 'b.png' is not in 'photos'; add the image or remove its captions.\n",
    );
  });

  it('refuses a folder without images as a folder where a file was expected', async () => {
    const cases: Record<string, string>[] = [{}, { 'notes.txt': 'no photos here' }];
    for (const files of cases) {
      const io = captureIo();
      const root = folder(files);
      mkdirSync(root, { recursive: true });
      expect(await inspectCommand([root], io)).toBe(1);
      expect(io.err).toBe(
        `rnn-studio inspect: cannot read '${root}': it is a folder, not a regular file; give the path of a file.\n`,
      );
    }
  });
});
