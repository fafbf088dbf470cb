/** Recipe sources: gallery files and bundled samples resolve for every recipe; the data file a run gets. */
import { describe, expect, it } from 'vitest';
import { RECIPES, recipeByName } from './recipes.ts';
import { recipeDataFile, recipeSampleFile, recipeSources } from './sources.ts';

const enc = (s: string) => new TextEncoder().encode(s);

function recipe(name: string) {
  const r = recipeByName(name);
  if (r === undefined) throw new Error(`no recipe '${name}'`);
  return r;
}

describe('recipeSources', () => {
  it('resolves the gallery files of every recipe', () => {
    for (const r of RECIPES) {
      expect(recipeSources(r).gallery.files.map((f) => f.name)).toEqual(r.dataset.files);
    }
  });

  it('says the NSMC file downloads only from a mirror and offers the bundled 1k sample', () => {
    const sources = recipeSources(recipe('nsmc-sentiment'));
    expect(sources.gallery.needsMirror).toBe(true);
    expect(sources.sample?.id).toBe('nsmc-reviews-1k');
    expect(recipeSources(recipe('klue-ner')).gallery.needsMirror).toBe(false);
  });

  it('names a missing gallery entry', () => {
    const broken = { ...recipe('klue-ner'), dataset: { galleryId: 'gone', files: ['x.tsv'] } };
    expect(() => recipeSources(broken)).toThrow(
      "recipeSources: recipe 'klue-ner': the gallery entry must exist, got 'gone'.",
    );
  });
});

describe('recipeDataFile', () => {
  it('joins the downloaded files under the first file name', () => {
    const file = recipeDataFile(recipe('uci-sentiment'), [
      enc('reviews\tsentiment\na\t1\n'),
      enc('reviews\tsentiment\nb\t0\n'),
      enc('reviews\tsentiment\nc\t1\n'),
    ]);
    expect(file.fileName).toBe('amazon_cells_labelled.txt');
    expect(new TextDecoder().decode(file.bytes)).toBe('reviews\tsentiment\na\t1\nb\t0\nc\t1\n');
  });

  it('refuses a wrong number of files', () => {
    expect(() => recipeDataFile(recipe('uci-sentiment'), [enc('x')])).toThrow(
      "recipeDataFile: recipe 'uci-sentiment' must get 3 file(s), got 1.",
    );
  });
});

describe('recipeSampleFile', () => {
  it('gives the bundled sample with the columns the recipe reads', () => {
    const file = recipeSampleFile(recipe('nsmc-char-lm'));
    expect(file.fileName).toBe('nsmc-reviews-1k.tsv');
    expect(new TextDecoder().decode(file.bytes.subarray(0, 40))).toContain('document');
  });

  it('refuses a recipe without a sample', () => {
    expect(() => recipeSampleFile(recipe('klue-ner'))).toThrow(
      "recipeSampleFile: recipe 'klue-ner' must have a bundled sample, got none; download its gallery files.",
    );
  });
});
