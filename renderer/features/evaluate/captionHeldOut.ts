/** The held-out images of a caption run, read from its image folder or zip the way the caption task split it (by image, same seed), with every reference caption. */
import { openCaptionDataset } from '../../../core/data/captions/captionDataset.ts';
import { splitByImage } from '../../../core/data/captions/captionSplits.ts';
import type { ImageFolder } from '../../../core/data/captions/imageFolder.ts';
import type { RunSpec } from '../../../core/tasks/spec.ts';
import type { SplitName } from '../../../core/tasks/task.ts';

/** One held-out image: its path in the folder and all of its captions. */
export interface HeldOutImage {
  readonly image: string;
  readonly references: readonly string[];
}

/**
 * Every image of the split the trainer scores (test, else validation, else training), in the
 * dataset's order, as core/tasks/caption splits it (the folder's split file, else seeded by image).
 * @throws DatasetError from openCaptionDataset when the folder has no usable captions file.
 */
export async function captionHeldOut(
  folder: ImageFolder,
  spec: RunSpec,
): Promise<{ split: SplitName; images: HeldOutImage[] }> {
  const dataset = await openCaptionDataset(folder);
  const split = splitByImage(dataset, {
    valFraction: spec.train.valSplit,
    testFraction: spec.train.testSplit,
    seed: spec.train.seed,
  });
  const name: SplitName = split.test.length > 0 ? 'test' : split.val.length > 0 ? 'val' : 'train';
  return {
    split: name,
    images: split[name].map((i) => ({
      image: dataset.images[i] as string,
      references: dataset.captions[i] ?? [],
    })),
  };
}
