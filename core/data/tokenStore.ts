/** Encoded sequences stored compactly: ids in one typed array (2 bytes an id while every id is below 65,536, else 4), and per sequence an offset, a length and a label, instead of an array (or object) per example. */

import { plainArray } from './plainArray.ts';

/** A store's ids: 2 bytes each while they all fit, 4 otherwise. */
export type IdArray = Uint16Array | Int32Array;

/** Ids below this fit a Uint16Array. */
const NARROW_LIMIT = 65_536;

/**
 * `count` id sequences: sequence i is `ids[offsets[i] .. offsets[i] + lengths[i])`, its label
 * `labels[i]`. Several stores may share one `ids` array (the parts of a split).
 */
export interface TokenStore {
  readonly count: number;
  /** The sequences' ids (possibly shared with other stores). */
  readonly ids: IdArray;
  /** `[count]`: where each sequence starts in `ids`. */
  readonly offsets: Int32Array;
  /** `[count]`: each sequence's length. */
  readonly lengths: Int32Array;
  /** `[count]`: one label per sequence (class id). */
  readonly labels: Int32Array;
}

/** Sequence `i`'s ids (a view into the store, not a copy). */
export function sequenceOf(store: TokenStore, i: number): IdArray {
  const at = store.offsets[i] as number;
  return store.ids.subarray(at, at + (store.lengths[i] as number));
}

/** Every sequence's length `[count]`, as numbers. */
export function sequenceLengths(store: TokenStore): number[] {
  return plainArray(store.lengths);
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

/** True when every id of `ids[0, count)` fits 2 bytes. */
function fitsNarrow(ids: Int32Array, count: number): boolean {
  let top = 0;
  for (let k = 0; k < count; k++) top |= ids[k] as number;
  return top >= 0 && top < NARROW_LIMIT;
}

/** `into[at + q] = ids[k + q]` for q below `n`. */
function copy16(into: Uint16Array, at: number, ids: Int32Array, k: number, n: number): void {
  for (let q = 0; q < n; q++) into[at + q] = ids[k + q] as number;
}
function copy32(into: Int32Array, at: number, ids: Int32Array, k: number, n: number): void {
  for (let q = 0; q < n; q++) into[at + q] = ids[k + q] as number;
}

/** `into[at + k] = remap[ids[k]]` for every k, in one of the four loops of the arrays' kinds (each site sees one kind, as V8 runs it fast). */
function remapInto(into: IdArray, at: number, ids: IdArray, remap: Int32Array): void {
  if (into instanceof Uint16Array) {
    if (ids instanceof Uint16Array) remap16From16(into, at, ids, remap);
    else remap16From32(into, at, ids, remap);
  } else if (ids instanceof Uint16Array) remap32From16(into, at, ids, remap);
  else remap32From32(into, at, ids, remap);
}

function remap16From16(into: Uint16Array, at: number, ids: Uint16Array, remap: Int32Array): void {
  for (let k = 0; k < ids.length; k++) into[at + k] = remap[ids[k] as number] as number;
}
function remap16From32(into: Uint16Array, at: number, ids: Int32Array, remap: Int32Array): void {
  for (let k = 0; k < ids.length; k++) into[at + k] = remap[ids[k] as number] as number;
}
function remap32From16(into: Int32Array, at: number, ids: Uint16Array, remap: Int32Array): void {
  for (let k = 0; k < ids.length; k++) into[at + k] = remap[ids[k] as number] as number;
}
function remap32From32(into: Int32Array, at: number, ids: Int32Array, remap: Int32Array): void {
  for (let k = 0; k < ids.length; k++) into[at + k] = remap[ids[k] as number] as number;
}

function grown(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const next = new Int32Array(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

/** Ids per chunk while building: growth allocates one more chunk instead of copying them all. */
const CHUNK_IDS = 1 << 22;

/** What a builder holds before its first id, and after it has finished. */
const EMPTY = new Uint16Array(0);

/** Reserved room beyond an estimate of the ids to come ({@link TokenStoreBuilder.expect}). */
const RESERVE_SLACK = 1.1;

/**
 * Builds a {@link TokenStore} one sequence at a time; ids fill chunks joined at the end, 2 bytes an
 * id until one is 65,536 or more (then every chunk is widened to 4 bytes, once). When the builder
 * was told how many ids to expect ({@link expect}) and they fit, the one array it reserved is the
 * store's: no second array, no copy.
 */
export class TokenStoreBuilder {
  /** The filled chunks before {@link current}, in order. */
  private chunks: IdArray[] = [];
  /** The chunk being filled: its first id is the store's id `start`. */
  private current: IdArray = EMPTY;
  private start = 0;
  private wide = false;
  /** Whether {@link current} is the array {@link expect} reserved (a plain chunk is never the store's). */
  private reserved = false;
  private offsets = new Int32Array(256);
  private lengths = new Int32Array(256);
  private labels = new Int32Array(256);
  private count = 0;
  private used = 0;
  /** Sequences appended by {@link addRemapped}: from `at` on, ids to rewrite with `remap` at the end. */
  private rest: { at: number; ids: IdArray; remap: Int32Array } | null = null;

  /** The ids added so far. */
  get size(): number {
    return this.used;
  }

  /** Appends one sequence and its label. */
  add(ids: ArrayLike<number>, label: number): void {
    this.own();
    if (!this.wide) {
      for (let k = 0; k < ids.length; k++) {
        if ((ids[k] as number) >= NARROW_LIMIT) {
          this.widen();
          break;
        }
      }
    }
    this.write(ids, ids.length);
    this.note(ids.length, label);
  }

  /** Appends the sequence `ids[0, count)` and its label ({@link add} from a typed array). */
  addFrom(ids: Int32Array, count: number, label: number): void {
    this.own();
    if (!this.wide && !fitsNarrow(ids, count)) this.widen();
    this.write(ids, count);
    this.note(count, label);
  }

  /**
   * Tells the builder that about `total` ids will have been added in all (sequences appended by
   * {@link addRemapped} included): it reserves one array of that many and a tenth more, the ids so
   * far copied in, so that {@link finish} returns it as the store's ids when they fit. Only the
   * pages the ids fill are touched; past the reserve, chunks follow as before.
   */
  expect(total: number): void {
    this.own();
    const size = Math.ceil(Math.max(total, this.used) * RESERVE_SLACK);
    if (this.reserved && this.current.length >= size) return;
    let reserve: IdArray;
    try {
      reserve = this.wide ? new Int32Array(size) : new Uint16Array(size);
    } catch (err) {
      // NOTE: an estimate the runtime cannot allocate (a first piece far from the rest) leaves the
      // builder in chunks, which grow with what comes.
      if (err instanceof RangeError) return;
      throw err;
    }
    this.joinInto(reserve, this.used);
    this.chunks = [];
    this.current = reserve;
    this.start = 0;
    this.reserved = true;
  }

  /**
   * Appends sequences another builder made (`ids` one after another, `lengths` each one's count),
   * each id to be read as `remap[id]`, labelled `firstLabel`, `firstLabel + 1`, … in order: the
   * last sequences of the store (nothing may be added after them). Their ids are rewritten straight
   * into the joined array by {@link finish}, never into chunks.
   * @throws Error when `lengths` do not add up to the ids, or sequences were appended so before.
   */
  addRemapped(ids: IdArray, lengths: Int32Array, remap: Int32Array, firstLabel: number): void {
    this.own();
    let total = 0;
    for (let k = 0; k < lengths.length; k++) total += lengths[k] as number;
    if (total !== ids.length) {
      throw new Error(
        `TokenStoreBuilder: the lengths must add up to the ids' ${ids.length}, got ${total}.`,
      );
    }
    this.rest = { at: this.used, ids, remap };
    for (let k = 0; k < lengths.length; k++) this.note(lengths[k] as number, firstLabel + k);
  }

  /** @throws Error once {@link addRemapped} has appended the last sequences. */
  private own(): void {
    if (this.rest !== null) throw new Error('TokenStoreBuilder: remapped sequences come last.');
  }

  /** Copies `ids[0, count)` after the ids so far, a run at a time into the chunk that holds it. */
  private write(ids: ArrayLike<number>, count: number): void {
    for (let k = 0, at = this.used; k < count; ) {
      let end = this.start + this.current.length;
      if (at === end) {
        if (this.current.length > 0) this.chunks.push(this.current);
        this.reserved = false;
        this.current = this.wide ? new Int32Array(CHUNK_IDS) : new Uint16Array(CHUNK_IDS);
        this.start = at;
        end = at + CHUNK_IDS;
      }
      const take = Math.min(count - k, end - at);
      // NOTE: a loop of its own for each kind of chunk and source: one loop that met both kinds
      // ran at about 14 ns an id.
      const chunk = this.current;
      const from = at - this.start;
      if (ids instanceof Int32Array) {
        if (chunk instanceof Uint16Array) copy16(chunk, from, ids, k, take);
        else copy32(chunk, from, ids, k, take);
      } else for (let q = 0; q < take; q++) chunk[from + q] = ids[k + q] as number;
      k += take;
      at += take;
    }
  }

  /** Makes every chunk 4 bytes an id (an id of 65,536 or more has come). */
  private widen(): void {
    this.wide = true;
    this.chunks = this.chunks.map((chunk) => Int32Array.from(chunk));
    const wider = new Int32Array(this.current.length);
    // NOTE: only the filled part is copied: a reserved array's other pages stay untouched.
    wider.set(this.current.subarray(0, this.used - this.start));
    this.current = wider;
  }

  /** Copies the builder's own first `own` ids, chunk by chunk, into `into` (at 0). */
  private joinInto(into: IdArray, own: number): void {
    let at = 0;
    for (const chunk of this.chunks) {
      into.set(chunk, at);
      at += chunk.length;
    }
    if (own > at) into.set(this.current.subarray(0, own - at), at);
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

  /** The store, trimmed to what was added. */
  finish(): TokenStore {
    const { rest, used } = this;
    const wide = this.wide || (rest !== null && !fitsNarrow(rest.remap, rest.remap.length));
    const own = rest === null ? used : rest.at;
    const reserveWide = this.current instanceof Int32Array;
    const inPlace = this.reserved && this.current.length >= used && reserveWide === wide;
    let ids: IdArray;
    if (inPlace) ids = this.current.subarray(0, used);
    else {
      ids = wide ? new Int32Array(used) : new Uint16Array(used);
      this.joinInto(ids, own);
    }
    // NOTE: the chunks let go, so the collector can take them.
    this.chunks = [];
    this.current = EMPTY;
    this.start = 0;
    this.reserved = false;
    if (rest !== null) remapInto(ids, rest.at, rest.ids, rest.remap);
    this.rest = null;
    return {
      count: this.count,
      ids,
      offsets: this.offsets.slice(0, this.count),
      lengths: this.lengths.slice(0, this.count),
      labels: this.labels.slice(0, this.count),
    };
  }
}

/**
 * `ids` with every id replaced by `remap[id]`, in place where the new ids fit the array, else in a
 * new 4-byte array (a store of 2-byte ids whose remapped ids reach 65,536).
 */
export function remappedIds(ids: IdArray, remap: Int32Array): IdArray {
  let out: IdArray = ids;
  if (ids instanceof Uint16Array) {
    let top = 0;
    for (let k = 0; k < remap.length; k++) top = Math.max(top, remap[k] as number);
    if (top >= NARROW_LIMIT) out = new Int32Array(ids.length);
  }
  for (let k = 0; k < ids.length; k++) out[k] = remap[ids[k] as number] as number;
  return out;
}
