/** Where a host gets a recipe's data: the bundled sample (offline, smaller) or the gallery files (downloaded), and the one data file a run trains on. */
import { galleryEntry } from '../data/gallery/catalogue.ts';
import type { GalleryEntry, GalleryFile } from '../data/gallery/types.ts';
import { BUNDLED_SAMPLES, type BundledSample, sampleBytes } from '../data/samples/index.ts';
import { ConfigError } from '../errors.ts';
import { joinTableFiles } from './files.ts';
import type { Recipe } from './recipes.ts';

/** The sources of a recipe's data. */
export interface RecipeSources {
  /** The gallery entry and the recipe's files in it (download them with `downloadDataset`). */
  readonly gallery: {
    readonly entry: GalleryEntry;
    readonly files: readonly GalleryFile[];
    /** True when a file has no public URL: it downloads only from a mirror. */
    readonly needsMirror: boolean;
  };
  /** A bundled sample that trains at once, offline (smaller than the gallery file), if any. */
  readonly sample?: BundledSample;
}

/** A data file as the trainer's `start-training` request takes it. */
export interface RecipeDataFile {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/**
 * The gallery entry, files and bundled sample of a recipe.
 * @throws ConfigError when the recipe names a gallery entry, file or sample this build lacks.
 */
export function recipeSources(recipe: Recipe): RecipeSources {
  const where = `recipeSources: recipe '${recipe.name}'`;
  const entry = galleryEntry(recipe.dataset.galleryId);
  if (entry === undefined) {
    throw new ConfigError(
      `${where}: the gallery entry must exist, got '${recipe.dataset.galleryId}'.`,
    );
  }
  const files = recipe.dataset.files.map((name) => {
    const file = entry.files.find((f) => f.name === name);
    if (file === undefined) {
      throw new ConfigError(`${where}: the file must be in '${entry.id}', got '${name}'.`);
    }
    return file;
  });
  const gallery = { entry, files, needsMirror: files.some((f) => f.url === null) };
  const { sampleId } = recipe.dataset;
  if (sampleId === undefined) return { gallery };
  const sample = BUNDLED_SAMPLES.find((s) => s.id === sampleId);
  if (sample === undefined) {
    throw new ConfigError(`${where}: the bundled sample must exist, got '${sampleId}'.`);
  }
  return { gallery, sample };
}

/**
 * The one data file a recipe's run trains on: the downloaded gallery files (in the recipe's
 * order) joined as one table, named after the first file.
 * @param downloaded the bytes of `recipe.dataset.files`, in that order
 * @throws ConfigError when the count of files differs from the recipe's.
 */
export function recipeDataFile(recipe: Recipe, downloaded: readonly Uint8Array[]): RecipeDataFile {
  if (downloaded.length !== recipe.dataset.files.length) {
    throw new ConfigError(
      `recipeDataFile: recipe '${recipe.name}' must get ${recipe.dataset.files.length} file(s), got ${downloaded.length}.`,
    );
  }
  return { fileName: recipe.dataset.files[0] as string, bytes: joinTableFiles(downloaded) };
}

/**
 * The bundled sample's data file for a recipe that has one (trains offline at once).
 * @throws ConfigError when the recipe has no bundled sample.
 */
export function recipeSampleFile(recipe: Recipe): RecipeDataFile {
  const { sample } = recipeSources(recipe);
  if (sample === undefined) {
    throw new ConfigError(
      `recipeSampleFile: recipe '${recipe.name}' must have a bundled sample, got none; download its gallery files.`,
    );
  }
  return { fileName: sample.fileName, bytes: sampleBytes(sample) };
}
