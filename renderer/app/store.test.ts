/** Tests of the app store's dataset actions: a re-inspection that renames the columns keeps the settings the user chose. */
import { describe, expect, it } from 'vitest';
import type { ReadOptions } from '../../core/data/index.ts';
import { inspectFile } from '../features/data/inspectFile.ts';
import { createStudioStore, type StudioStore } from './store.ts';

const REVIEWS = [
  'review,label',
  ...Array.from({ length: 40 }, (_, i) =>
    i % 2 === 0 ? `a truly great film number ${i},1` : `a dull and tiring film number ${i},0`,
  ),
].join('\n');

/** Inspects `csv` as the Data section does and loads it (or re-reads it with `reading`). */
async function load(store: StudioStore, csv: string, reading?: ReadOptions): Promise<void> {
  const file = new File([csv], 'reviews.csv', { type: 'text/csv' });
  const { inspection, preview } = await inspectFile(file, {
    fileName: file.name,
    ...(reading !== undefined ? { reading } : {}),
  });
  const dataset = { file, reading: reading ?? {}, inspection, preview };
  if (reading !== undefined) store.replaceDataset(dataset);
  else store.loadDataset(dataset);
}

describe('replaceDataset', () => {
  it('keeps the epochs and model the user changed when a header change renames the columns', async () => {
    const store = createStudioStore();
    await load(store, REVIEWS);
    expect(store.getState().spec.task).toBe('classify');
    expect(store.getState().spec.data.labelColumn).toBe('label');
    const defaults = store.getState().spec.train.epochs;
    expect(defaults).not.toBe(2);
    store.setSpec((spec) => ({ ...spec, train: { ...spec.train, epochs: 2, lr: 0.005 } }));
    const model = { ...store.getState().spec.model, embeddingDim: 24 };
    store.setModel(model);

    await load(store, REVIEWS, { header: 'no' });
    const { spec, roles, dataset } = store.getState();
    // The columns were renamed ("column 1", "column 2"), so the roles follow the new names…
    expect(dataset?.inspection.columns.map((c) => c.name)).not.toContain('label');
    expect(Object.values(roles)).not.toContain('label');
    expect(spec.data.labelColumn).not.toBe('label');
    // …and what the user set survives.
    expect(spec.train.epochs).toBe(2);
    expect(spec.train.lr).toBe(0.005);
    expect(spec.model.embeddingDim).toBe(24);
  });

  it('resets the settings when the user picks a new file', async () => {
    const store = createStudioStore();
    await load(store, REVIEWS);
    const defaults = store.getState().spec.train.epochs;
    store.setSpec((spec) => ({ ...spec, train: { ...spec.train, epochs: 2 } }));
    await load(store, REVIEWS);
    expect(store.getState().spec.train.epochs).toBe(defaults);
  });
});

describe('loadCaptions', () => {
  const captions = {
    source: { kind: 'zip' as const, name: 'photos.zip', file: new File([], 'photos.zip') },
    summary: {
      name: 'photos.zip',
      captionsFile: 'captions.csv',
      format: 'csv' as const,
      images: 2,
      captions: 4,
      captionsPerImage: { min: 2, max: 2, mean: 2 },
      uncaptionedImages: 0,
      split: { source: 'random' as const, train: 2, val: 0, test: 0 },
      vocabSize: 10,
      minFreq: 2,
    },
    trainTokenCounts: [3, 2, 2, 1, 1, 1, 1, 1, 1, 1],
    preview: [],
  };

  it("switches to the caption task's default model, keeping the split settings, and a table file switches back", async () => {
    const store = createStudioStore();
    await load(store, REVIEWS);
    store.setSpec((s) => ({ ...s, train: { ...s.train, seed: 7, valSplit: 0.2 } }));
    store.loadCaptions(captions);
    const state = store.getState();
    expect(state.dataset).toBeNull();
    expect(state.captions?.summary.name).toBe('photos.zip');
    expect(state.spec.task).toBe('caption');
    expect(state.spec.model.image?.backbone).toBe('cnn');
    expect(state.spec.train).toMatchObject({ seed: 7, valSplit: 0.2 });
    await load(store, REVIEWS);
    expect(store.getState().captions).toBeNull();
    expect(store.getState().spec.task).toBe('classify');
  });
});
