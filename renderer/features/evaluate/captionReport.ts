/** Evaluate's caption examples: the first held-out images of a run's image zip, decoded in the browser and captioned by the run's model (greedy, as the trainer scored them). */
import { zipImageFolder } from '../../../core/data/captions/imageFolder.ts';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import type { SplitReport } from '../../../core/tasks/splitReport.ts';
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

/**
 * The rows of a caption run's report from its image folder zip (`file`): the scored split's first
 * {@link SHOWN_IMAGES} images, each predicted alone (its pixels are the request).
 * @throws DatasetError for a file that is not a zip of images with captions, or an image the
 *   browser cannot decode (named).
 */
export async function captionRows(
  runId: string,
  spec: RunSpec,
  file: File,
): Promise<{ rows: CaptionRow[]; split: SplitReport['split']; total: number }> {
  const folder = zipImageFolder(new Uint8Array(await file.arrayBuffer()), file.name);
  const held = await captionHeldOut(folder, spec);
  const rows: CaptionRow[] = [];
  for (const { image, references } of held.images.slice(0, SHOWN_IMAGES)) {
    const pixels = await canvasImageDecoder
      .decode(await folder.read(image), image)
      .catch((err: unknown) => {
        throw new Error(`'${image}' in '${file.name}': ${(err as Error).message}.`);
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
