/** Encoded sequences stored compactly: ids in one Int32Array, and per sequence an offset, a length and a label, instead of an array (or object) per example. */

/**
 * `count` id sequences: sequence i is `ids[offsets[i] .. offsets[i] + lengths[i])`, its label
 * `labels[i]`. Several stores may share one `ids` array (the parts of a split).
 */
export interface TokenStore {
  readonly count: number;
  /** The sequences' ids (possibly shared with other stores). */
  readonly ids: Int32Array;
  /** `[count]`: where each sequence starts in `ids`. */
  readonly offsets: Int32Array;
  /** `[count]`: each sequence's length. */
  readonly lengths: Int32Array;
  /** `[count]`: one label per sequence (class id). */
  readonly labels: Int32Array;
}

/** Sequence `i`'s ids (a view into the store, not a copy). */
export function sequenceOf(store: TokenStore, i: number): Int32Array {
  const at = store.offsets[i] as number;
  return store.ids.subarray(at, at + (store.lengths[i] as number));
}

/** Every sequence's length `[count]`, as numbers. */
export function sequenceLengths(store: TokenStore): number[] {
  return Array.from(store.lengths);
}

/**
 * The sequences `indices` of `store` (in that order) with new labels, sharing its ids: a part of
 * a split costs 12 bytes a sequence, whatever the lengths.
 */
export function selectSequences(
  store: TokenStore,
  indices: ArrayLike<number>,
  labels: ArrayLike<number>,
): TokenStore {
  const count = indices.length;
  const offsets = new Int32Array(count);
  const lengths = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const i = indices[k] as number;
    offsets[k] = store.offsets[i] as number;
    lengths[k] = store.lengths[i] as number;
  }
  return { count, ids: store.ids, offsets, lengths, labels: Int32Array.from(labels) };
}

function grown(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const next = new Int32Array(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

/** Ids per chunk while building: growth allocates one more chunk instead of copying them all. */
const CHUNK_IDS = 1 << 22;

/** Builds a {@link TokenStore} one sequence at a time; ids fill fixed-size chunks joined at the end. */
export class TokenStoreBuilder {
  private chunks: Int32Array[] = [];
  private offsets = new Int32Array(256);
  private lengths = new Int32Array(256);
  private labels = new Int32Array(256);
  private count = 0;
  private used = 0;

  /** Appends one sequence and its label. */
  add(ids: ArrayLike<number>, label: number): void {
    // NOTE: a run of ids at a time into the chunk that holds it (a sequence crosses at most a few).
    for (let k = 0, at = this.used; k < ids.length; ) {
      const c = Math.floor(at / CHUNK_IDS);
      if (c === this.chunks.length) this.chunks.push(new Int32Array(CHUNK_IDS));
      const chunk = this.chunks[c] as Int32Array;
      const from = at - c * CHUNK_IDS;
      const take = Math.min(ids.length - k, CHUNK_IDS - from);
      for (let q = 0; q < take; q++) chunk[from + q] = ids[k + q] as number;
      k += take;
      at += take;
    }
    this.note(ids.length, label);
  }

  /** Notes a sequence of `length` ids just appended, and its label. */
  private note(length: number, label: number): void {
    if (this.count === this.offsets.length) {
      this.offsets = grown(this.offsets, this.count + 1);
      this.lengths = grown(this.lengths, this.count + 1);
      this.labels = grown(this.labels, this.count + 1);
    }
    this.offsets[this.count] = this.used;
    this.lengths[this.count] = length;
    this.labels[this.count] = label;
    this.used += length;
    this.count++;
  }

  /** Appends the sequence `ids[0, count)` and its label ({@link add} from a typed array). */
  addFrom(ids: Int32Array, count: number, label: number): void {
    for (let k = 0, at = this.used; k < count; ) {
      const c = Math.floor(at / CHUNK_IDS);
      if (c === this.chunks.length) this.chunks.push(new Int32Array(CHUNK_IDS));
      const chunk = this.chunks[c] as Int32Array;
      const from = at - c * CHUNK_IDS;
      const take = Math.min(count - k, CHUNK_IDS - from);
      for (let q = 0; q < take; q++) chunk[from + q] = ids[k + q] as number;
      k += take;
      at += take;
    }
    this.note(count, label);
  }

  /** The store, trimmed to what was added. */
  finish(): TokenStore {
    const ids = new Int32Array(this.used);
    this.chunks.forEach((chunk, c) => {
      const from = c * CHUNK_IDS;
      ids.set(chunk.subarray(0, Math.min(CHUNK_IDS, this.used - from)), from);
    });
    this.chunks = [];
    return {
      count: this.count,
      ids,
      offsets: this.offsets.slice(0, this.count),
      lengths: this.lengths.slice(0, this.count),
      labels: this.labels.slice(0, this.count),
    };
  }
}
