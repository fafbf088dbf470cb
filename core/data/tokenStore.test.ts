/** Tests of the compact token store: sequences come back as views of what was added, with their labels and lengths. */
import { describe, expect, it } from 'vitest';
import { sequenceLengths, sequenceOf, TokenStoreBuilder } from './tokenStore.ts';

describe('TokenStoreBuilder', () => {
  it('stores sequences of any count in three typed arrays and gives them back as views', () => {
    const b = new TokenStoreBuilder();
    for (let i = 0; i < 5000; i++) b.add([i, i + 1, i + 2].slice(0, 1 + (i % 3)), i % 4);
    const store = b.finish();
    expect(store.count).toBe(5000);
    expect([...sequenceOf(store, 4999)]).toEqual([4999, 5000]);
    expect([...sequenceOf(store, 2)]).toEqual([2, 3, 4]);
    expect(sequenceOf(store, 2).buffer).toBe(store.ids.buffer);
    expect(store.labels[4999]).toBe(3);
    expect(sequenceLengths(store).slice(0, 4)).toEqual([1, 2, 3, 1]);
    expect(store.ids.length).toBe(store.offsets[5000]);
  });
});
