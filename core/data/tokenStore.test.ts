/** Tests of the compact token store: sequences come back as views of what was added, 2 bytes an id until one needs 4 (the same ids either way), and parts of a split share the ids. */
import { describe, expect, it } from 'vitest';
import {
  remappedIds,
  selectSequences,
  sequenceLengths,
  sequenceOf,
  type TokenStore,
  TokenStoreBuilder,
} from './tokenStore.ts';

describe('TokenStoreBuilder', () => {
  it('stores sequences of any count in typed arrays and gives them back as views', () => {
    const b = new TokenStoreBuilder();
    for (let i = 0; i < 5000; i++) b.add([i, i + 1, i + 2].slice(0, 1 + (i % 3)), i % 4);
    const store = b.finish();
    expect(store.count).toBe(5000);
    expect([...sequenceOf(store, 4999)]).toEqual([4999, 5000]);
    expect([...sequenceOf(store, 2)]).toEqual([2, 3, 4]);
    expect(sequenceOf(store, 2).buffer).toBe(store.ids.buffer);
    expect(store.labels[4999]).toBe(3);
    expect(sequenceLengths(store).slice(0, 4)).toEqual([1, 2, 3, 1]);
    expect(store.ids.length).toBe(sequenceLengths(store).reduce((s, n) => s + n, 0));
  });

  it('selects a part that shares the ids and carries its own labels', () => {
    const b = new TokenStoreBuilder();
    b.add([7], 0);
    b.add([8, 9], 0);
    b.add([10, 11, 12], 0);
    const store = b.finish();
    const part = selectSequences(store, [2, 0], [5, 6]);
    expect(part.ids).toBe(store.ids);
    expect([...sequenceOf(part, 0)]).toEqual([10, 11, 12]);
    expect([...sequenceOf(part, 1)]).toEqual([7]);
    expect([...part.labels]).toEqual([5, 6]);
  });

  it('keeps sequences whole across the builder’s chunks (over 4 M ids)', () => {
    const b = new TokenStoreBuilder();
    const long = Int32Array.from({ length: 3_000_000 }, (_, i) => i % 9973);
    b.add(long, 1);
    b.add(long, 2);
    const store = b.finish();
    expect(store.ids.length).toBe(6_000_000);
    const second = sequenceOf(store, 1);
    expect(second.length).toBe(3_000_000);
    expect(second.every((v, i) => v === i % 9973)).toBe(true);
  });

  it('keeps ids in 2 bytes while they fit, and widens every chunk once an id of 65,536 or more comes, past a chunk', () => {
    const b = new TokenStoreBuilder();
    const long = Int32Array.from({ length: 3_000_000 }, (_, i) => (i * 7) % 65_536);
    b.addFrom(long, long.length, 0);
    b.add([65_535, 0], 1);
    const narrow = new TokenStoreBuilder();
    narrow.addFrom(long, long.length, 0);
    expect(narrow.finish().ids).toBeInstanceOf(Uint16Array);
    b.addFrom(long, long.length, 2);
    b.add([5, 70_000, 65_536], 3);
    const store = b.finish();
    expect(store.ids).toBeInstanceOf(Int32Array);
    expect(store.ids.length).toBe(6_000_005);
    for (const i of [0, 2]) {
      const seq = sequenceOf(store, i);
      expect(seq.every((v, k) => v === (k * 7) % 65_536)).toBe(true);
    }
    expect([...sequenceOf(store, 1)]).toEqual([65_535, 0]);
    expect([...sequenceOf(store, 3)]).toEqual([5, 70_000, 65_536]);
  });
  it('appends another builder’s sequences last, each id read through the remap, in 4 bytes when a remapped id needs them', () => {
    const other = new TokenStoreBuilder();
    other.add([0, 1, 2], 0);
    other.add([], 1);
    other.add([2, 2], 2);
    const rest = other.finish();
    for (const [remap, kind] of [
      [Int32Array.of(7, 9, 70_000), Int32Array],
      [Int32Array.of(7, 9, 11), Uint16Array],
    ] as const) {
      const b = new TokenStoreBuilder();
      b.addFrom(Int32Array.of(5, 6), 2, 0);
      b.addRemapped(rest.ids, rest.lengths, remap, 1);
      expect(() => b.add([1], 4)).toThrow('TokenStoreBuilder: remapped sequences come last.');
      const store = b.finish();
      expect(store.ids).toBeInstanceOf(kind);
      expect([...store.ids]).toEqual([5, 6, 7, 9, remap[2], remap[2], remap[2]]);
      expect([...store.offsets]).toEqual([0, 2, 5, 5]);
      expect([...store.lengths]).toEqual([2, 3, 0, 2]);
      expect([...store.labels]).toEqual([0, 1, 2, 3]);
    }
  });
});

describe('TokenStoreBuilder.expect', () => {
  /** The same sequences into a builder told to expect `total` ids after the first `before`, and into one told nothing. */
  function build(total: number, before: number, o: { wideAt?: number; remap?: Int32Array } = {}) {
    const rows = Array.from({ length: 3000 }, (_, i) =>
      Int32Array.from({ length: 1 + (i % 7) }, (_, k) =>
        i === o.wideAt ? 70_000 : (i * 13 + k) % 5000,
      ),
    );
    const rest = new TokenStoreBuilder();
    rest.add([0, 1, 2], 0);
    rest.add([2, 1], 0);
    const restStore = rest.finish();
    const stores = [true, false].map((told) => {
      const b = new TokenStoreBuilder();
      rows.forEach((row, i) => {
        if (told && i === before) b.expect(total);
        b.addFrom(row, row.length, i % 3);
      });
      if (o.remap !== undefined) b.addRemapped(restStore.ids, restStore.lengths, o.remap, 0);
      return b.finish();
    });
    return { told: stores[0] as TokenStore, plain: stores[1] as TokenStore };
  }
  const sameStore = (a: TokenStore, b: TokenStore) => {
    expect(a.ids).toBeInstanceOf(b.ids.constructor);
    expect([...a.ids]).toEqual([...b.ids]);
    expect([...a.offsets]).toEqual([...b.offsets]);
    expect([...a.lengths]).toEqual([...b.lengths]);
    expect([...a.labels]).toEqual([...b.labels]);
  };
  // 3000 rows of 1–7 ids: 11,994 ids in all.
  it('gives the reserved array itself as the store’s ids when they fit, with the ids one builder told nothing stores', () => {
    const { told, plain } = build(12_000, 500);
    sameStore(told, plain);
    expect(told.ids.length).toBe(11_994);
    expect(told.ids.buffer.byteLength).toBe(Math.ceil(12_000 * 1.1) * 2);
    expect(plain.ids.buffer.byteLength).toBe(11_994 * 2);
  });
  it('goes on in chunks past a reserve that was too small, and the store is the same', () => {
    const { told, plain } = build(2_000, 500);
    sameStore(told, plain);
    expect(told.ids.buffer.byteLength).toBe(11_994 * 2);
  });
  it('stays in chunks when the estimate is more than the runtime can allocate', () => {
    const { told, plain } = build(2 ** 40, 500);
    sameStore(told, plain);
    expect(told.ids.buffer.byteLength).toBe(11_994 * 2);
  });
  it('widens a reserved array to 4 bytes when a big id comes after it, copying only what was filled', () => {
    const { told, plain } = build(12_000, 100, { wideAt: 2000 });
    sameStore(told, plain);
    expect(told.ids).toBeInstanceOf(Int32Array);
    expect(told.ids.buffer.byteLength).toBe(Math.ceil(12_000 * 1.1) * 4);
  });
  it('rewrites another builder’s sequences into the reserve, or into a 4-byte array when their ids need it', () => {
    const narrow = build(12_010, 10, { remap: Int32Array.of(4, 5, 6) });
    sameStore(narrow.told, narrow.plain);
    expect([...narrow.told.ids.subarray(-5)]).toEqual([4, 5, 6, 6, 5]);
    expect(narrow.told.ids.buffer.byteLength).toBe(Math.ceil(12_010 * 1.1) * 2);
    const wide = build(12_010, 10, { remap: Int32Array.of(4, 5, 80_000) });
    sameStore(wide.told, wide.plain);
    expect([...wide.told.ids.subarray(-5)]).toEqual([4, 5, 80_000, 80_000, 5]);
  });
});

describe('remappedIds', () => {
  it('rewrites 2-byte ids in place while the new ids fit, and into 4 bytes when one does not', () => {
    const ids = Uint16Array.from([0, 1, 2, 1]);
    expect(remappedIds(ids, Int32Array.from([3, 4, 5]))).toBe(ids);
    expect([...ids]).toEqual([3, 4, 5, 4]);
    const wide = remappedIds(ids, Int32Array.from([0, 0, 0, 65_536, 7, 9]));
    expect(wide).toBeInstanceOf(Int32Array);
    expect([...wide]).toEqual([65_536, 7, 9, 7]);
  });
});
