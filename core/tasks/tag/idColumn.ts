/** Ids per token kept in fixed chunks of the narrowest typed array that holds them (bytes, then 16-bit, then 32-bit words), widened in place when a larger id arrives: no join of chunks, no array per sentence. */

/** An array of ids: one chunk of an {@link IdColumn}, or a sentence's view of it. */
export type IdArray = Uint8Array | Uint16Array | Int32Array;

/** Ids per chunk (a sentence longer than this gets a chunk of its own length). */
export const CHUNK_IDS = 1 << 22;

/** The array kinds from narrow to wide, and the id each can hold up to (exclusive). */
const WIDTHS = [
  { limit: 1 << 8, make: (n: number): IdArray => new Uint8Array(n) },
  { limit: 1 << 16, make: (n: number): IdArray => new Uint16Array(n) },
  { limit: 2 ** 31, make: (n: number): IdArray => new Int32Array(n) },
] as const;

/** A narrow array of `n` ids able to hold ids below `ids`. */
export function idArrayFor(ids: number, n: number): IdArray {
  const width = WIDTHS.find((w) => ids <= w.limit) ?? WIDTHS[2];
  return width.make(n);
}

/**
 * One kind of id (words or tags) in chunks: chunk `c`'s ids are `chunks[c]`, each as narrow as the
 * ids so far allow. The caller decides where a sequence goes (see TagCorpusBuilder).
 */
export class IdColumn {
  readonly chunks: IdArray[] = [];
  private width: number;

  /** @param narrowest 0: bytes, 1: 16-bit, 2: 32-bit ids to start with */
  constructor(narrowest: 0 | 1 | 2) {
    this.width = narrowest;
  }

  /** The ids the chunks can hold now: those below this. */
  get limit(): number {
    return (WIDTHS[this.width] as (typeof WIDTHS)[number]).limit;
  }

  /** Starts a chunk of `n` ids. */
  addChunk(n: number): void {
    this.chunks.push((WIDTHS[this.width] as (typeof WIDTHS)[number]).make(n));
  }

  /** Widens every chunk (one at a time, each old one let go) until ids below `ids` fit. */
  fit(ids: number): void {
    let width = this.width;
    while ((WIDTHS[width] as (typeof WIDTHS)[number]).limit < ids) width++;
    if (width === this.width) return;
    this.width = width;
    const make = (WIDTHS[width] as (typeof WIDTHS)[number]).make;
    for (let c = 0; c < this.chunks.length; c++) {
      const old = this.chunks[c] as IdArray;
      const wide = make(old.length);
      wide.set(old);
      this.chunks[c] = wide;
    }
  }

  /** Cuts the last chunk to its first `used` ids (a copy of that chunk only). */
  trimLast(used: number): void {
    const last = this.chunks.length - 1;
    if (last >= 0) this.chunks[last] = (this.chunks[last] as IdArray).slice(0, used);
  }
}
