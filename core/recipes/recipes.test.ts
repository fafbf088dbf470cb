/** Tests that a recipe's spec handed to a run is the run's own: editing it leaves the recipe as shipped. */
import { describe, expect, it } from 'vitest';
import { RECIPES, recipeByName, recipeSpec } from './recipes.ts';

describe('recipeSpec', () => {
  it('gives every recipe a copy the caller can edit without changing the next run', () => {
    for (const recipe of RECIPES) {
      const before = structuredClone(recipe.spec);
      const spec = recipeSpec(recipe, 'en');
      spec.train.epochs = 999;
      (spec.model as Record<string, unknown>).edited = true;
      spec.data.textColumn = 'edited';
      expect(recipe.spec, recipe.name).toEqual(before);
      expect(recipeSpec(recipe, 'en').train.epochs, recipe.name).toBe(before.train.epochs);
    }
  });

  it('words the label names in the language asked for', () => {
    const nsmc = recipeByName('nsmc-sentiment');
    expect(nsmc).toBeDefined();
    if (nsmc === undefined) return;
    expect(recipeSpec(nsmc, 'ko').data.labelNames).toEqual({ '0': '부정', '1': '긍정' });
    expect(recipeSpec(nsmc, 'en').data.labelNames).toEqual({ '0': 'negative', '1': 'positive' });
  });
});
