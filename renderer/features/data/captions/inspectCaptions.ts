/** Reads a chosen captioning folder or zip for the Data section: core's summary (images, captions, captions per image, the format found) and a preview of the first images with their captions, each decoded so an unreadable one is named now. */
import { openCaptionDataset } from '../../../../core/data/captions/captionDataset.ts';
import { readImageBatch } from '../../../../core/data/captions/captionImages.ts';
import {
  type CaptionDatasetSummary,
  summarizeCaptions,
} from '../../../../core/data/captions/captionSplits.ts';
import {
  type ImageDecoder,
  sniffImageFormat,
} from '../../../../core/data/captions/imageDecoder.ts';
import { type CaptionSource, pageImageFolder } from './captionSource.ts';

/** Images the Data section shows with their captions. */
export const PREVIEW_IMAGES = 8;

/** One preview tile: the image (as bytes the page shows through an object URL) and its captions. */
export interface CaptionPreviewItem {
  readonly path: string;
  readonly captions: readonly string[];
  readonly bytes: Uint8Array;
  readonly type: 'image/jpeg' | 'image/png';
}

/** A captioning dataset the user chose, as the app keeps it. */
export interface LoadedCaptions {
  /** The folder's files or the zip, handed to the trainer when a run starts. */
  readonly source: CaptionSource;
  readonly summary: CaptionDatasetSummary;
  /** How many times each distinct token occurs in the summary's training captions: the Model section's vocabulary estimate under the spec's min. count and max. vocabulary. */
  readonly trainTokenCounts: readonly number[];
  readonly preview: readonly CaptionPreviewItem[];
}

/**
 * Finds and parses the captions file, matches every caption to its image, counts them and decodes
 * the first {@link PREVIEW_IMAGES} images with `decoder`.
 * @throws DatasetError with a message key: no captions file, a caption naming a missing image
 *   ('image-missing'), or a preview image that cannot be decoded ('image-unreadable').
 */
export async function inspectCaptions(
  source: CaptionSource,
  decoder: ImageDecoder,
): Promise<LoadedCaptions> {
  const folder = await pageImageFolder(source);
  const dataset = await openCaptionDataset(folder);
  const { summary, trainTokenCounts } = summarizeCaptions(dataset);
  const preview: CaptionPreviewItem[] = [];
  const count = Math.min(PREVIEW_IMAGES, dataset.images.length);
  for (let i = 0; i < count; i++) {
    const path = dataset.images[i] as string;
    const bytes = await folder.read(path);
    // NOTE: decoded as training will decode it (the same error, naming the image), at a tiny size.
    await readImageBatch(
      {
        folder: { ...folder, read: async () => bytes },
        decoder,
        transform: { resize: 8, crop: 8 },
      },
      [path],
    );
    const format = sniffImageFormat(bytes);
    preview.push({
      path,
      captions: dataset.captions[i] ?? [],
      bytes,
      type: format === 'png' ? 'image/png' : 'image/jpeg',
    });
  }
  return { source, summary, trainTokenCounts, preview };
}
