/** The PyTorch export's captions.py reads a captioning folder or zip exactly as core/data/captions does — the captions file found, every layout parsed, images resolved, the split file or the seeded split by image, the training vocabulary — and refuses the same folders with the same words; no torch needed. */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaptionDataset } from '../../core/data/captions/captionDataset.ts';
import { buildCaptionVocab, splitByImage } from '../../core/data/captions/captionSplits.ts';
import { type ImageFolder, zipImageFolder } from '../../core/data/captions/imageFolder.ts';
import { PYTHON_SOURCES } from '../../core/io/export/pythonSources.generated.ts';
import { directoryImageFolder } from '../../node/images/directoryImageFolder.ts';
import { type FolderOptions, imageName, writeCaptionFolder } from './captionFolders.ts';
import { PYTHON, removeTempDirs, runPythonJson, tempDir } from './helpers.ts';

const SPLIT = { valFraction: 0.2, testFraction: 0.15, seed: 7 };

interface Read {
  captionsFile?: string;
  format?: string;
  images?: string[];
  captions?: string[][];
  split?: { train: number[]; val: number[]; test: number[] };
  vocab?: string[];
  error?: string;
}

/** What core reads from a folder, in the helper's shape (or the error's message). */
async function coreRead(folder: ImageFolder): Promise<Read> {
  try {
    const ds = await openCaptionDataset(folder);
    const split = splitByImage(ds, SPLIT);
    return {
      captionsFile: ds.captionsFile,
      format: ds.format,
      images: [...ds.images],
      captions: ds.captions.map((c) => [...c]),
      split: { train: split.train, val: split.val, test: split.test },
      vocab: [...buildCaptionVocab(ds, split.train, { minFreq: 2 }).tokens],
    };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function pythonRead(paths: string[]): Read[] {
  const src = tempDir();
  for (const [name, content] of Object.entries(PYTHON_SOURCES))
    writeFileSync(join(src, name), content);
  const request = { folders: paths.map((path) => ({ path, ...SPLIT })) };
  return runPythonJson<{ folders: Read[] }>(
    join(import.meta.dirname, 'helper_captions.py'),
    [src],
    request,
  ).folders;
}

/** A folder written by writeCaptionFolder under a fresh temporary folder named `name`. */
function folder(name: string, options: FolderOptions): string {
  const dir = join(tempDir(), name);
  writeCaptionFolder(dir, options);
  return dir;
}

/** Every file under `dir` as a zip's bytes (paths relative to it). */
function zipOf(dir: string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = new Uint8Array(readFileSync(path));
    }
  };
  walk(dir);
  return zipSync(files);
}

afterAll(removeTempDirs);

describe.runIf(existsSync(PYTHON))('captions.py reads captioning folders as the app', () => {
  it('gives the same images, captions, split and vocabulary for every layout, a split file, images/ and a zip', async () => {
    const dirs = [
      folder('csv', { images: 20, layout: 'csv' }),
      folder('headerless', { images: 14, layout: 'csv-headerless' }),
      folder('tsv-images', { images: 12, layout: 'tsv', imagesFolder: true }),
      folder('flickr', { images: 21, layout: 'flickr8k', splitFile: true }),
      folder('coco', { images: 9, layout: 'coco' }),
    ];
    const zipPath = join(tempDir(), 'flickr.zip');
    const zipBytes = zipOf(dirs[3] as string);
    writeFileSync(zipPath, zipBytes);
    const expected = [
      ...(await Promise.all(dirs.map(async (d) => coreRead(await directoryImageFolder(d))))),
      await coreRead(zipImageFolder(zipBytes, 'flickr.zip')),
    ];
    expect(expected.map((r) => r.error)).toEqual(new Array(6).fill(undefined));
    expect(expected.map((r) => r.format)).toEqual([
      'csv',
      'csv',
      'tsv',
      'flickr8k',
      'coco',
      'flickr8k',
    ]);
    expect(expected[3]?.split?.test).toEqual([4, 9, 14, 19]);
    expect(pythonRead([...dirs, zipPath])).toEqual(expected);
  });

  it('refuses a missing image, a folder without captions and a header without an image column in the same words', async () => {
    const missing = folder('missing', { images: 6, layout: 'csv' });
    writeFileSync(
      join(missing, 'captions.csv'),
      `image,caption\n${imageName(0)},a red square\nnot-here.png,a lost square\n`,
    );
    const none = folder('none', { images: 3, layout: 'csv' });
    writeFileSync(join(none, 'captions.csv'), '');
    const header = folder('header', { images: 3, layout: 'csv' });
    writeFileSync(join(header, 'captions.csv'), 'picture,words\nx.png,a square\n');
    const dirs = [missing, none, header];
    const expected = await Promise.all(
      dirs.map(async (d) => coreRead(await directoryImageFolder(d))),
    );
    expect(expected.map((r) => r.error)).toEqual([
      "Captions file 'captions.csv', line 3: the image 'not-here.png' is not in 'missing'; add the image or remove its captions.",
      "Captions file 'captions.csv': the file is empty; it must list images with their captions.",
      "Captions file 'captions.csv', line 1: the header must name an image column and a caption column (e.g. 'image,caption'), got 'picture,words'.",
    ]);
    expect(pythonRead(dirs)).toEqual(expected);
  });
});
