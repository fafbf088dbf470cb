/** Token strings to dense ids in first-seen order, looked up from a range of a text or of code units without cutting the token out: an open-addressing table over FNV-1a hashes of the characters, each token's code units kept side by side in one typed array, so a big file's repeated words cost no string each. */

/** FNV-1a's start value: a reader that hashes as it scans starts each token's hash here. */
export const HASH_START = 0x811c9dc5;

/** One FNV-1a step: the hash `h` with code unit `c` added (finish with `| 0`). */
export function hashStep(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

/** FNV-1a over the UTF-16 code units of `text[start, end)`. */
function hashRange(text: string, start: number, end: number): number {
  let h = HASH_START;
  for (let i = start; i < end; i++) h = hashStep(h, text.charCodeAt(i));
  return h | 0;
}

/** Shorter slices are copies in V8; longer ones are views of the text they were cut from. */
const SLICE_VIEW_MIN = 13;

/**
 * `token` in a string of its own: a slice of 13 or more characters is a view that keeps the whole
 * text it was cut from alive (V8's sliced strings), so one long word first seen in a 4 MiB piece of
 * a file would keep the piece.
 */
function ownCopy(token: string): string {
  return token.length < SLICE_VIEW_MIN ? token : ` ${token}`.slice(1);
}

/**
 * Int32s a slot of the table holds: id + 1 (0: empty), the token's hash, where its code units
 * start in `units`, how many, and its last 8 code units packed ({@link packStep}; -1 and -1 for a
 * token that is not plain ASCII).
 */
const SLOT = 6;

/**
 * One step of packing a plain-ASCII token's last 8 bytes into two Int32s `[low, high]`, as a
 * reader does while it scans: byte `c` shifted into `low`, `low`'s top byte into `high`. A token
 * of at most 8 bytes is known by its length and the pair alone. Returns the new `high`; the new
 * `low` is `(low << 8) | c`.
 */
export function packHigh(low: number, high: number): number {
  return (high << 8) | (low >>> 24);
}

/** The packed last 8 code units of `token` (see {@link packHigh}), or [-1, -1] when one is not ASCII. */
function packed(token: string): [number, number] {
  let low = 0;
  let high = 0;
  for (let k = 0; k < token.length; k++) {
    const c = token.charCodeAt(k);
    if (c >= 128) return [-1, -1];
    high = packHigh(low, high);
    low = (low << 8) | c;
  }
  return [low, high];
}

/** Interns tokens: the first distinct token gets id 0, the next 1, and so on. */
export class TokenInterner {
  /** Every distinct token, by id. */
  readonly tokens: string[] = [];
  /**
   * Open addressing with linear probing, {@link SLOT} Int32s a slot, so a lookup finds the id, the
   * hash and where the token's code units sit in one place; a power of two of slots, at most half
   * full.
   */
  private table = new Int32Array(2048 * SLOT);
  /** Every token's UTF-16 code units one after another. */
  private units = new Uint16Array(8192);
  private unitsUsed = 0;

  /** The id of `text[start, end)`, interning it (one `slice`) when new. */
  idOfRange(text: string, start: number, end: number): number {
    return this.idOfHashedRange(text, start, end, hashRange(text, start, end));
  }

  /** {@link idOfRange} with the range's hash already known (`hashStep` from `HASH_START`, `| 0`). */
  idOfHashedRange(text: string, start: number, end: number, h: number): number {
    const { table, units } = this;
    const mask = table.length / SLOT - 1;
    const length = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = slot * SLOT;
      const v = table[e] as number;
      if (v === 0) return this.insert(text.slice(start, end), h, slot);
      if (table[e + 1] !== h || table[e + 3] !== length) continue;
      const at = table[e + 2] as number;
      let k = 0;
      while (k < length && units[at + k] === text.charCodeAt(start + k)) k++;
      if (k === length) return v - 1;
    }
  }

  /**
   * The id of the token spelt by the code units `codes[start, end)`, whose hash is `h` (`hashStep`
   * from `HASH_START`, `| 0`), or -1 when no such token is interned (a reader then interns its
   * spelling with {@link idOfHashedRange}). Comparing typed arrays is the cheap path for a reader
   * that has a text's code units (or an ASCII text's bytes) in one.
   */
  findCodes(codes: Uint8Array | Uint16Array, start: number, end: number, h: number): number {
    const { table, units } = this;
    const mask = table.length / SLOT - 1;
    const length = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = slot * SLOT;
      const v = table[e] as number;
      if (v === 0) return -1;
      if (table[e + 1] !== h || table[e + 3] !== length) continue;
      const at = table[e + 2] as number;
      let k = 0;
      while (k < length && units[at + k] === codes[start + k]) k++;
      if (k === length) return v - 1;
    }
  }

  /**
   * {@link findCodes} for the ASCII bytes `bytes[start, end)` each read through `fold` (a lowercase
   * table), with the token's last 8 bytes packed as it was read (`low`, `high`, through `fold`, see
   * {@link packHigh}): a token of at most 8 bytes is matched by its hash, length and packed bytes
   * without reading its code units; a longer one's other bytes are compared. A reader need not
   * write the folded token out to look it up.
   */
  findPacked(
    bytes: Uint8Array,
    start: number,
    end: number,
    h: number,
    low: number,
    high: number,
    fold: Uint8Array,
  ): number {
    const { table, units } = this;
    const mask = table.length / SLOT - 1;
    const length = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = slot * SLOT;
      const v = table[e] as number;
      if (v === 0) return -1;
      if (table[e + 1] !== h || table[e + 3] !== length) continue;
      if (table[e + 4] !== low || table[e + 5] !== high) continue;
      const at = table[e + 2] as number;
      let k = 0;
      while (k < length - 8 && units[at + k] === fold[bytes[start + k] as number]) k++;
      if (k >= length - 8) return v - 1;
    }
  }

  /** The id of `token`, interning it when new. */
  idOf(token: string): number {
    return this.idOfRange(token, 0, token.length);
  }

  private insert(token: string, h: number, slot: number): number {
    const id = this.tokens.length;
    this.tokens.push(ownCopy(token));
    const at = this.unitsUsed;
    if (at + token.length > this.units.length) {
      const grown = new Uint16Array(Math.max(2 * this.units.length, at + token.length));
      grown.set(this.units);
      this.units = grown;
    }
    for (let k = 0; k < token.length; k++) this.units[at + k] = token.charCodeAt(k);
    this.unitsUsed = at + token.length;
    this.table.set([id + 1, h, at, token.length, ...packed(token)], slot * SLOT);
    if (2 * this.tokens.length > this.table.length / SLOT) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = table.length / SLOT - 1;
    for (let e = 0; e < old.length; e += SLOT) {
      if (old[e] === 0) continue;
      let slot = (old[e + 1] as number) & mask;
      while (table[slot * SLOT] !== 0) slot = (slot + 1) & mask;
      table.set(old.subarray(e, e + SLOT), slot * SLOT);
    }
    this.table = table;
  }
}
