/** Captioning datasets from folders and zips: captions matched to images, split files, splits by image, the vocabulary, image batches and their errors. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { directoryImageFolder } from '../../../node/images/directoryImageFolder.ts';
import { nodeImageDecoder } from '../../../node/images/nodeImageDecoder.ts';
import { DatasetError } from '../../errors.ts';
import { vocabSizeFromCounts } from '../vocab.ts';
import { openCaptionDataset } from './captionDataset.ts';
import { readImageBatch } from './captionImages.ts';
import {
  buildCaptionVocab,
  CAPTION_TOKENIZER,
  captionTokenCounts,
  describeCaptionDataset,
  encodeCaption,
  splitByImage,
} from './captionSplits.ts';
import type { ImageFolder } from './imageFolder.ts';
import { zipImageFolder } from './imageFolder.ts';

const FIXTURES = join(__dirname, '../../../test/fixtures');
const SHARED = join(__dirname, '../../../../shared/data/image-captions');
const PNG = readFileSync(join(FIXTURES, 'image_synthetic_landscape.png'));

function memoryFolder(files: Record<string, Uint8Array | string>, name = 'photos'): ImageFolder {
  const bytes = new Map(
    Object.entries(files).map(([p, v]) => [p, typeof v === 'string' ? strToU8(v) : v]),
  );
  return {
    name,
    paths: [...bytes.keys()],
    read: async (path) => {
      const b = bytes.get(path);
      if (b === undefined) throw new Error(`no file '${path}'`);
      return b;
    },
  };
}

async function datasetError(folder: ImageFolder): Promise<DatasetError> {
  const err = await openCaptionDataset(folder).catch((e: unknown) => e);
  if (!(err instanceof DatasetError))
    throw new Error(`expected a DatasetError, got ${String(err)}`);
  return err;
}

const CAPTIONS =
  'image,caption\na.png,A red dog runs .\na.png,A dog running\nb.png,A cat sleeps\nsub/c.png,A bird\n';

describe('openCaptionDataset', () => {
  it('groups captions by image and finds images beside the captions file, under images/ or by name', async () => {
    const folder = memoryFolder({
      'set/captions.csv': CAPTIONS,
      'set/images/a.png': PNG,
      'set/b.png': PNG,
      'elsewhere/c.png': PNG,
      'set/unused.jpg': PNG,
      'set/README.md': '# notes',
    });
    const d = await openCaptionDataset(folder);
    expect(d.captionsFile).toBe('set/captions.csv');
    expect(d.format).toBe('csv');
    expect(d.images).toEqual(['set/images/a.png', 'set/b.png', 'elsewhere/c.png']);
    expect(d.captions).toEqual([
      ['A red dog runs .', 'A dog running'],
      ['A cat sleeps'],
      ['A bird'],
    ]);
    expect(d.uncaptionedImages).toBe(1);
    expect(d.officialSplit).toBeNull();
  });

  it('names the captions line of an image the folder lacks', async () => {
    const err = await datasetError(
      memoryFolder({ 'captions.csv': CAPTIONS, 'a.png': PNG, 'b.png': PNG }),
    );
    expect(err.code).toBe('missing-image');
    expect(err.message).toBe(
      "Captions file 'captions.csv', line 5: the image 'sub/c.png' is not in 'photos'; add the image or remove its captions.",
    );
  });

  it('refuses a folder without a captions file, and one with two candidates', async () => {
    expect((await datasetError(memoryFolder({ 'a.png': PNG }))).message).toBe(
      "'photos': no captions file found; add a CSV/TSV (image,caption), a Flickr8k captions file or COCO captions JSON.",
    );
    expect(
      (await datasetError(memoryFolder({ 'x.csv': CAPTIONS, 'y.tsv': CAPTIONS }))).message,
    ).toBe(
      "'photos': several files could hold the captions ('x.csv', 'y.tsv'); keep one, or name it 'captions.txt'.",
    );
  });

  it('honours a split file (dev is validation, none trains) and splits by image', async () => {
    const folder = memoryFolder({
      'captions.txt': CAPTIONS,
      'split.tsv': 'image\tsplit\na.png\ttest\nb.png\tdev\nc.png\tnone\n',
      'a.png': PNG,
      'b.png': PNG,
      'sub/c.png': PNG,
    });
    const d = await openCaptionDataset(folder);
    expect(d.officialSplit?.parts).toEqual(['test', 'val', 'train']);
    expect(splitByImage(d, { valFraction: 0.5, testFraction: 0, seed: 1 })).toEqual({
      train: [2],
      val: [1],
      test: [0],
      source: 'official',
    });
  });

  it('refuses an unknown part in the split file naming the line', async () => {
    const folder = memoryFolder({
      'captions.txt': CAPTIONS,
      'split.tsv': 'a.png\ttrain\nb.png\tholdout\n',
      'a.png': PNG,
      'b.png': PNG,
      'sub/c.png': PNG,
    });
    expect((await datasetError(folder)).message).toBe(
      "Split file 'split.tsv', line 2: the split must be train, dev, val, test or none, got 'holdout'.",
    );
  });

  it('reads a zip of a folder (macOS resource forks ignored)', async () => {
    const zip = zipSync({
      'flickr/': {},
      'flickr/captions.txt': strToU8('a.png#0\tA dog\na.png#1\tA brown dog\nb.png#0\tA cat\n'),
      'flickr/images/a.png': PNG,
      'flickr/images/b.png': PNG,
      '__MACOSX/flickr/._captions.txt': strToU8('junk'),
    });
    const d = await openCaptionDataset(zipImageFolder(zip, 'flickr.zip'));
    expect(d.format).toBe('flickr8k');
    expect(d.images).toEqual(['flickr/images/a.png', 'flickr/images/b.png']);
    expect(d.captions).toEqual([['A dog', 'A brown dog'], ['A cat']]);
  });
});

describe('splits and vocabulary', () => {
  const captions = Array.from({ length: 40 }, (_, i) => [
    `img${i} number ${i % 3}`,
    `another x${i}`,
  ]);
  const dataset = {
    name: 'x',
    captionsFile: 'c.csv',
    format: 'csv' as const,
    images: captions.map((_, i) => `${i}.png`),
    captions,
    officialSplit: null,
    uncaptionedImages: 0,
  };

  it('splits images, not caption rows, the same way for the same seed', () => {
    const a = splitByImage(dataset, { valFraction: 0.2, testFraction: 0.1, seed: 3 });
    expect(a.source).toBe('random');
    expect([a.train.length, a.val.length, a.test.length]).toEqual([28, 8, 4]);
    expect(new Set([...a.train, ...a.val, ...a.test]).size).toBe(40);
    expect(splitByImage(dataset, { valFraction: 0.2, testFraction: 0.1, seed: 3 })).toEqual(a);
    expect(splitByImage(dataset, { valFraction: 0.2, testFraction: 0.1, seed: 4 })).not.toEqual(a);
  });

  it('builds the vocabulary from the training images only, with a min count', () => {
    const vocab = buildCaptionVocab(dataset, [0, 1, 2, 3], { minFreq: 2 });
    expect(vocab.tokens.slice(4).sort()).toEqual(['0', 'another', 'number']);
    expect(buildCaptionVocab(dataset, [0, 1, 2, 3], { minFreq: 1 }).id('img39')).toBe(1);
    expect(encodeCaption(vocab, CAPTION_TOKENIZER, 'Another NUMBER zebra')).toEqual([
      2,
      vocab.id('another'),
      vocab.id('number'),
      1,
      3,
    ]);
  });
});

describe('readImageBatch', () => {
  it('decodes and transforms each image into its slot of an NCHW batch', async () => {
    const folder = memoryFolder({ 'a.png': PNG, 'b.png': PNG });
    const reading = { folder, decoder: nodeImageDecoder, transform: { resize: 8, crop: 6 } };
    const batch = await readImageBatch(reading, ['a.png', 'b.png']);
    expect(batch.length).toBe(2 * 3 * 36);
    expect(Array.from(batch.subarray(108))).toEqual(Array.from(batch.subarray(0, 108)));
  });

  it('names an image that is not a JPEG or PNG, and a truncated PNG', async () => {
    const folder = memoryFolder({ 'a.png': 'not an image', 'b.png': PNG.subarray(0, 100) });
    const reading = { folder, decoder: nodeImageDecoder, transform: { resize: 8, crop: 6 } };
    await expect(readImageBatch(reading, ['a.png'])).rejects.toThrow(
      "Image 'a.png' in 'photos' cannot be read (the file is not a JPEG or PNG image); replace it with a JPEG or PNG file or remove its captions.",
    );
    const err = await readImageBatch(reading, ['b.png']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).code).toBe('unreadable-image');
    expect((err as DatasetError).message).toMatch(
      /^Image 'b\.png' in 'photos' cannot be read \(.+\); replace it/,
    );
  });
});

const haveShared = existsSync(SHARED);
if (!haveShared)
  console.warn(`captionDataset.test: skipping the Flickr8k cases: ${SHARED} is absent.`);

describe.skipIf(!haveShared)('the shared Flickr8k folder (1,000 images)', () => {
  it('has 5 captions for each of 1,000 images and the official split 762/113/125', async () => {
    const d = await openCaptionDataset(await directoryImageFolder(SHARED));
    expect(d.captionsFile).toBe('captions.txt');
    expect(d.format).toBe('csv');
    expect(d.images.length).toBe(1000);
    expect(d.images[0]).toBe('images/1000268201_693b08cb0e.jpg');
    expect(d.captions.every((c) => c.length === 5)).toBe(true);
    expect(d.captions[0]?.[0]).toBe(
      'A child in a pink dress is climbing up a set of stairs in an entry way .',
    );
    const s = describeCaptionDataset(d);
    expect(s.split).toEqual({ source: 'official', train: 762, val: 113, test: 125 });
    expect(s.captionsPerImage).toEqual({ min: 5, max: 5, mean: 5 });
    const split = splitByImage(d, { valFraction: 0.1, testFraction: 0.1, seed: 0 });
    const vocab = buildCaptionVocab(d, split.train, { minFreq: 1 });
    const testOnly = new Set(
      split.test
        .flatMap((i) => d.captions[i] as string[])
        .flatMap((c) => c.toLowerCase().split(/\s+/)),
    );
    for (const i of split.train)
      for (const c of d.captions[i] as string[])
        for (const w of c.toLowerCase().split(/\s+/)) testOnly.delete(w);
    const leaked = [...testOnly].filter((w) => /^[a-z]+$/.test(w) && vocab.id(w) !== 1);
    expect(leaked).toEqual([]);
    expect(s.vocabSize).toBeLessThan(vocab.size);
    // The counts the Model section estimates from give the vocabulary the task builds.
    const counts = captionTokenCounts(d, split.train);
    for (const options of [{ minFreq: 1 }, { minFreq: 2 }, { minFreq: 5, maxSize: 300 }]) {
      expect(vocabSizeFromCounts(counts, options)).toBe(
        buildCaptionVocab(d, split.train, options).size,
      );
    }
    expect(vocabSizeFromCounts(counts, { minFreq: 2 })).toBe(s.vocabSize);
  });

  it('reads two photos into a [2, 3, 224, 224] batch', async () => {
    const folder = await directoryImageFolder(SHARED);
    const batch = await readImageBatch(
      { folder, decoder: nodeImageDecoder, transform: { resize: 256, crop: 224 } },
      ['images/1000268201_693b08cb0e.jpg', 'images/1001773457_577c3a7d70.jpg'],
    );
    expect(batch.length).toBe(2 * 3 * 224 * 224);
    expect(batch.every((v) => Number.isFinite(v) && v > -2.2 && v < 2.7)).toBe(true);
  });
});
