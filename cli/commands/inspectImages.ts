/** `rnn-studio inspect <folder|zip>` for captioning data: images, captions per image, split sizes and vocabulary size. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openCaptionDataset } from '../../core/data/captions/captionDataset.ts';
import {
  type CaptionDatasetSummary,
  describeCaptionDataset,
} from '../../core/data/captions/captionSplits.ts';
import { zipImageFolder } from '../../core/data/captions/imageFolder.ts';
import { DatasetError } from '../../core/errors.ts';
import { directoryImageFolder } from '../../node/images/directoryImageFolder.ts';
import { type CliIo, EXIT_OK, EXIT_USER_ERROR } from '../io.ts';

/** True when `path` names a .zip, or a folder holding images: the inputs of image captioning. */
export async function isImageFolderInput(path: string): Promise<boolean> {
  if (/\.zip$/i.test(path)) return true;
  try {
    return (await stat(path)).isDirectory() && (await holdsImages(path));
  } catch {
    // NOTE: a missing path is reported by the file inspection, which names the problem.
    return false;
  }
}

const IMAGE_NAME = /\.(jpe?g|png)$/i;

/**
 * True when a folder holds a JPEG or PNG file, directly or one folder down (Flickr8k keeps its
 * photos in `images/`): only then is it captioning data. Any other folder goes to the file
 * inspection, which refuses it as a folder where a file was expected.
 */
async function holdsImages(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && IMAGE_NAME.test(e.name))) return true;
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const inner = await readdir(join(dir, e.name), { withFileTypes: true });
    if (inner.some((f) => f.isFile() && IMAGE_NAME.test(f.name))) return true;
  }
  return false;
}

function formatSummary(s: CaptionDatasetSummary): string {
  const per = s.captionsPerImage;
  const perText =
    per.min === per.max ? `${per.min}` : `${per.min}–${per.max} (mean ${per.mean.toFixed(2)})`;
  const lines = [
    `${s.name}: image captioning, captions in '${s.captionsFile}' (${s.format})`,
    `${s.images} images, ${s.captions} captions, ${perText} per image${s.uncaptionedImages > 0 ? `; ${s.uncaptionedImages} images without captions are left out` : ''}`,
    `split by image (${s.split.source === 'official' ? "the folder's split file" : 'seeded, 80/10/10'}): train ${s.split.train}, validation ${s.split.val}, test ${s.split.test}`,
    `vocabulary: ${s.vocabSize} tokens (lower-cased words seen at least ${s.minFreq} times in the training captions, with <pad> <unk> <bos> <eos>)`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Inspects an image folder or zip. Exit 0 with the summary, 1 with a one-line message naming the
 * file (and line) for data the importer refuses.
 */
export async function inspectImageFolder(path: string, io: CliIo, json: boolean): Promise<number> {
  try {
    const folder = /\.zip$/i.test(path)
      ? zipImageFolder(await io.readFileBytes(path), path)
      : await directoryImageFolder(path);
    const summary = describeCaptionDataset(await openCaptionDataset(folder));
    io.stdout(
      json ? `${JSON.stringify({ task: 'caption', ...summary })}\n` : formatSummary(summary),
    );
    return EXIT_OK;
  } catch (err) {
    if (!(err instanceof DatasetError)) throw err;
    io.stderr(`rnn-studio inspect: ${err.message}\n`);
    return EXIT_USER_ERROR;
  }
}
