/** The recipe catalogue: every recipe's spec validates and its task accepts it, its data is in the gallery (and in ../shared/data), and its recorded result beats the baseline. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { galleryEntry } from '../../core/data/gallery/catalogue.ts';
import { BUNDLED_SAMPLES } from '../../core/data/samples/index.ts';
import { RECIPES, recipeByName } from '../../core/recipes/index.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import { runSpecSchema } from '../../core/tasks/spec.ts';

const sharedData = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');

describe('recipe catalogue', () => {
  it('covers the gallery demos of issue 9', () => {
    expect(RECIPES.map((r) => r.name)).toEqual([
      'nsmc-sentiment',
      'uci-sentiment',
      'ud-english-pos',
      'ud-korean-pos',
      'uner-english-ner',
      'klue-ner',
      'tatoeba-ko-en',
      'chatbot-ko',
      'samsung-stock',
      'nsmc-char-lm',
    ]);
  });

  it('finds a recipe by name and nothing for an unknown name', () => {
    expect(recipeByName('klue-ner')?.task).toBe('tag');
    expect(recipeByName('no-such-recipe')).toBeUndefined();
  });

  describe.each(RECIPES.map((r) => [r.name, r] as const))('%s', (_name, recipe) => {
    it('has a spec that runSpecSchema accepts unchanged and its task accepts', () => {
      expect(runSpecSchema.parse(recipe.spec)).toEqual(recipe.spec);
      expect(recipe.spec.task).toBe(recipe.task);
      expect(() => taskDefinition(recipe.task).checkSpec(recipe.spec)).not.toThrow();
    });

    it('trains on files of a gallery entry of its task (any text entry for generate), present in ../shared/data', () => {
      const entry = galleryEntry(recipe.dataset.galleryId);
      expect(entry).toBeDefined();
      // NOTE: a language model (generate) learns from the text column of any text dataset.
      if (recipe.task !== 'generate') expect(entry?.kind).toBe(recipe.task);
      const names = entry?.files.map((f) => f.name) ?? [];
      for (const file of recipe.dataset.files) {
        expect(names).toContain(file);
        expect(existsSync(join(sharedData, recipe.dataset.galleryId, file))).toBe(true);
      }
    });

    it('names a bundled sample of the same task when it has one', () => {
      if (recipe.dataset.sampleId === undefined) return;
      const sample = BUNDLED_SAMPLES.find((s) => s.id === recipe.dataset.sampleId);
      expect(sample).toBeDefined();
      // NOTE: the NSMC sample is a classify sample; a generate recipe reads its text column only.
      expect(sample?.roles.text).toBe(recipe.spec.data.textColumn);
    });

    it('has titles and descriptions in English and Korean', () => {
      for (const text of [recipe.title, recipe.description]) {
        expect(text.en.trim()).not.toBe('');
        expect(text.ko).toMatch(/[\uac00-\ud7a3]/u);
      }
    });

    it('records a result that beats its baseline (or says why not), within the time budget', () => {
      const { value, baseline, trainSeconds } = recipe.result;
      expect(Number.isFinite(value) && Number.isFinite(baseline)).toBe(true);
      const better = recipe.metric.higherIsBetter ? value - baseline : baseline - value;
      // NOTE: "clearly" = by more than 2 % of the baseline; below that the recipe must explain itself.
      if (better <= 0.02 * Math.abs(baseline)) expect(recipe.limitation?.en).toBeTruthy();
      expect(trainSeconds).toBeGreaterThan(0);
      expect(trainSeconds).toBeLessThanOrEqual(6 * 60);
      expect(recipe.result.epochs).toBeLessThanOrEqual(recipe.spec.train.epochs);
    });
  });
});
