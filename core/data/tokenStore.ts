/** Encoded sequences stored compactly: every id in one Int32Array with offsets, and a label per sequence, instead of an array (or object) per example. */

/** `count` id sequences: sequence i is `ids[offsets[i] .. offsets[i + 1])`, its label `labels[i]`. */
export interface TokenStore {
  readonly count: number;
  /** Every sequence's ids, one after another. */
  readonly ids: Int32Array;
  /** `[count + 1]`: where each sequence starts, then the end of the last. */
  readonly offsets: Int32Array;
  /** `[count]`: one label per sequence (class id). */
  readonly labels: Int32Array;
}

/** Sequence `i`'s ids (a view into the store, not a copy). */
export function sequenceOf(store: TokenStore, i: number): Int32Array {
  return store.ids.subarray(store.offsets[i] as number, store.offsets[i + 1] as number);
}

/** Every sequence's length `[count]`. */
export function sequenceLengths(store: TokenStore): number[] {
  return Array.from({ length: store.count }, (_, i) => {
    return (store.offsets[i + 1] as number) - (store.offsets[i] as number);
  });
}

function grown(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const next = new Int32Array(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

/** Builds a {@link TokenStore} one sequence at a time in arrays that double as they fill. */
export class TokenStoreBuilder {
  private ids = new Int32Array(1024);
  private offsets = new Int32Array(257);
  private labels = new Int32Array(256);
  private count = 0;
  private used = 0;

  /** Appends one sequence and its label. */
  add(ids: ArrayLike<number>, label: number): void {
    this.ids = grown(this.ids, this.used + ids.length);
    for (let k = 0; k < ids.length; k++) this.ids[this.used + k] = ids[k] as number;
    this.used += ids.length;
    this.labels = grown(this.labels, this.count + 1);
    this.offsets = grown(this.offsets, this.count + 2);
    this.labels[this.count] = label;
    this.count++;
    this.offsets[this.count] = this.used;
  }

  /** The store, trimmed to what was added. */
  finish(): TokenStore {
    return {
      count: this.count,
      ids: this.ids.slice(0, this.used),
      offsets: this.offsets.slice(0, this.count + 1),
      labels: this.labels.slice(0, this.count),
    };
  }
}
