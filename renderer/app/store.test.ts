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
