/** Token strings to dense ids in first-seen order, looked up from a range of a text without cutting the token out: an open-addressing table over FNV-1a hashes of the characters, so a big file's repeated words cost no string each. */

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

function sameRange(token: string, text: string, start: number, end: number): boolean {
  if (token.length !== end - start) return false;
  for (let i = 0; i < token.length; i++) {
    if (token.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  }
  return true;
}

/** `sameRange` with `text`'s A–Z read as a–z (the token was interned lowercased). */
function sameLowercasedRange(token: string, text: string, start: number, end: number): boolean {
  if (token.length !== end - start) return false;
  for (let i = 0; i < token.length; i++) {
    const c = text.charCodeAt(start + i);
    if (token.charCodeAt(i) !== (c >= 65 && c <= 90 ? c + 32 : c)) return false;
  }
  return true;
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

/** Interns tokens: the first distinct token gets id 0, the next 1, and so on. */
export class TokenInterner {
  /** Every distinct token, by id. */
  readonly tokens: string[] = [];
  private hashes = new Int32Array(1024);
  /** Slot → id + 1 (0: empty); its length is a power of two, at most half full. */
  private slots = new Int32Array(2048);

  /** The id of `text[start, end)`, interning it (one `slice`) when new. */
  idOfRange(text: string, start: number, end: number): number {
    return this.idOfHashedRange(text, start, end, hashRange(text, start, end));
  }

  /** {@link idOfRange} with the range's hash already known (`hashStep` from `HASH_START`, `| 0`). */
  idOfHashedRange(text: string, start: number, end: number, h: number): number {
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = this.slots[slot] as number;
      if (v === 0) return this.insert(text.slice(start, end), h, slot);
      const id = v - 1;
      if (this.hashes[id] === h && sameRange(this.tokens[id] as string, text, start, end)) {
        return id;
      }
    }
  }

  /**
   * {@link idOfHashedRange} for the lowercased range: `text[start, end)` as `toLowerCase` spells
   * it, for an ASCII range, with `h` the hash of that spelling; no lowercased copy is made unless
   * the token is new.
   */
  idOfLowercasedRange(text: string, start: number, end: number, h: number): number {
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = this.slots[slot] as number;
      if (v === 0) return this.insert(text.slice(start, end).toLowerCase(), h, slot);
      const id = v - 1;
      if (
        this.hashes[id] === h &&
        sameLowercasedRange(this.tokens[id] as string, text, start, end)
      ) {
        return id;
      }
    }
  }

  /** The id of `token`, interning it when new. */
  idOf(token: string): number {
    return this.idOfRange(token, 0, token.length);
  }

  private insert(token: string, h: number, slot: number): number {
    const id = this.tokens.length;
    this.tokens.push(ownCopy(token));
    if (id === this.hashes.length) {
      const grown = new Int32Array(id * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = h;
    this.slots[slot] = id + 1;
    if (2 * this.tokens.length > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.tokens.length; id++) {
      let slot = (this.hashes[id] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}
