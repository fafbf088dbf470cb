/** What a recipe card says: the data source, size and licence, the expected metric and the training time. */
import { type Recipe, recipeSources } from '../../../core/recipes/index.ts';

/** The facts a recipe card shows (language-neutral; the card words them). */
export interface RecipeFacts {
  /** The gallery dataset's title. */
  /** The gallery dataset (worded by datasetTitle). */
  dataset: { id: string; title: string };
  /** Bytes of the recipe's gallery files (what a download costs). */
  bytes: number;
  /** The data's licence: its id (worded by licenceName) and English name. */
  licence: { id: string; name: string };
  /** The bundled sample it trains on at once, offline (core/data/samples id), or null. */
  sampleId: string | null;
  metric: string;
  /** The figure to expect: the recipe's measured result, else the plain-PyTorch reference. */
  expected: { value: number; measured: boolean };
  /** Measured seconds on the 2-core build machine, or null when only the time limit is known. */
  seconds: number | null;
  /** The spec's time limit (minutes). */
  maxMinutes: number;
}

const licenceOf = ({ id, name }: { id: string; name: string }) => ({ id, name });

/** The card facts of `recipe` (core/recipes holds the numbers). */
export function recipeFacts(recipe: Recipe): RecipeFacts {
  const { gallery, sample } = recipeSources(recipe);
  const measured = recipe.result.trainSeconds > 0;
  return {
    dataset: { id: gallery.entry.id, title: gallery.entry.title },
    bytes: gallery.files.reduce((n, f) => n + f.bytes, 0),
    licence: licenceOf(sample?.licence ?? gallery.entry.licence),
    sampleId: sample?.id ?? null,
    metric: recipe.metric.name,
    expected: measured
      ? { value: recipe.result.value, measured: true }
      : { value: recipe.plainPytorch.value, measured: false },
    seconds: measured ? recipe.result.trainSeconds : null,
    maxMinutes: recipe.spec.train.maxMinutes,
  };
}
