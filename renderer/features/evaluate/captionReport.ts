/** Evaluate's caption examples: the first held-out images of a run's image folder (or zip), decoded in the browser and captioned by the run's model (greedy, as the trainer scored them). */
import { type ImageFolder, zipImageFolder } from '../../../core/data/captions/imageFolder.ts';
import type { FileHandle, TrainingData } from '../../../core/protocol/messages.ts';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import type { SplitReport } from '../../../core/tasks/splitReport.ts';
import { handleImageFolder } from '../../../core/train/taskInputs.ts';
import { canvasImageDecoder } from '../../web/canvasImageDecoder.ts';
import { predict } from '../try/tryModel.ts';
import { captionHeldOut } from './captionHeldOut.ts';

/** Held-out images listed with their captions. */
export const SHOWN_IMAGES = 8;

/** One listed image: its path, a bitmap to draw, the model's caption and every reference. */
export interface CaptionRow {
  image: string;
  picture: ImageBitmap;
  output: string;
  references: readonly string[];
}

/** A run's image folder from its data file: the zip it trained on. @throws DatasetError for a file that is no zip. */
export async function zipFolderOf(file: File): Promise<ImageFolder> {
  return zipImageFolder(new Uint8Array(await file.arrayBuffer()), file.name);
}

/**
 * A run's image folder from what `start-training` carried: a folder's File handles (each image read
 * when listed) or a zip (its bytes, or its handle read whole).
 * @throws DatasetError for a zip whose directory is damaged.
 */
export async function imageFolderOf(data: TrainingData): Promise<ImageFolder> {
  if ('files' in data && data.files !== undefined) {
    return handleImageFolder(data.fileName, data.files);
  }
  if ('bytes' in data && data.bytes !== undefined) return zipImageFolder(data.bytes, data.fileName);
  const { file } = data as { file: FileHandle };
  return zipImageFolder(
    new Uint8Array(await file.slice(0, file.size).arrayBuffer()),
    data.fileName,
  );
}

/**
 * The rows of a caption run's report from its image folder: the scored split's first
 * {@link SHOWN_IMAGES} images, each predicted alone (its pixels are the request).
 * @throws DatasetError for a folder without usable captions, or an image the browser cannot
 *   decode (named with the folder).
 */
export async function captionRows(
  runId: string,
  spec: RunSpec,
  folder: ImageFolder,
): Promise<{ rows: CaptionRow[]; split: SplitReport['split']; total: number }> {
  const held = await captionHeldOut(folder, spec);
  const rows: CaptionRow[] = [];
  for (const { image, references } of held.images.slice(0, SHOWN_IMAGES)) {
    const pixels = await canvasImageDecoder
      .decode(await folder.read(image), image)
      .catch((err: unknown) => {
        throw new Error(`'${image}' in '${folder.name}': ${(err as Error).message}.`);
      });
    const [prediction] = await predict({ runId }, [{ image: pixels, decode: { greedy: true } }]);
    const picture = await createImageBitmap(
      new ImageData(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height),
    );
    const output = prediction?.kind === 'caption' ? prediction.text : '';
    rows.push({ image, picture, output, references });
  }
  return { rows, split: held.split, total: held.images.length };
}
