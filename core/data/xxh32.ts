/** XXH32 (seed 0) over bytes given in pieces: the data fingerprint's hash (core/train/fingerprint.ts) and the check that two reads of a file's range saw the same bytes (core/data/seriesRanges.ts). */

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

/** Bytes copied at a time when a piece's words are not 4-byte aligned (or the host is big-endian). */
const SCRATCH_BYTES = 64 * 1024;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** One lane's round over a little-endian word. */
function round(lane: number, word: number): number {
  const v = (lane + Math.imul(word, P2)) | 0;
  return Math.imul((v << 13) | (v >>> 19), P1);
}

/**
 * XXH32 (seed 0) over bytes given in pieces: the hash of the whole, piece by piece. The value can
 * be taken after any piece and the hash goes on.
 */
export class Xxh32 {
  private v1 = (P1 + P2) | 0;
  private v2 = P2;
  private v3 = 0;
  private v4 = -P1 | 0;
  /** Bytes hashed so far. */
  length = 0;
  /** Bytes of the stripe (16 bytes) not complete yet. */
  private readonly tail = new Uint8Array(16);
  private readonly tailWords = new Uint32Array(this.tail.buffer);
  private tailLength = 0;
  private scratch: Uint32Array | null = null;

  /** Takes the next piece. */
  update(bytes: Uint8Array): this {
    this.length += bytes.length;
    let at = 0;
    if (this.tailLength > 0) {
      at = Math.min(16 - this.tailLength, bytes.length);
      this.tail.set(bytes.subarray(0, at), this.tailLength);
      this.tailLength += at;
      if (this.tailLength < 16) return this;
      this.stripes(this.fixEndian(this.tailWords), 4);
      this.tailLength = 0;
    }
    const stripeBytes = (bytes.length - at) & ~15;
    const end = at + stripeBytes;
    if (LITTLE_ENDIAN && (bytes.byteOffset + at) % 4 === 0) {
      this.stripes(
        new Uint32Array(bytes.buffer, bytes.byteOffset + at, stripeBytes / 4),
        stripeBytes / 4,
      );
    } else {
      this.scratch ??= new Uint32Array(SCRATCH_BYTES / 4);
      const scratchBytes = new Uint8Array(this.scratch.buffer);
      for (let from = at; from < end; from += SCRATCH_BYTES) {
        const n = Math.min(SCRATCH_BYTES, end - from);
        scratchBytes.set(bytes.subarray(from, from + n));
        this.stripes(this.fixEndian(this.scratch), n / 4);
      }
    }
    this.tail.set(bytes.subarray(end), 0);
    this.tailLength = bytes.length - end;
    return this;
  }

  /** The hash of the bytes so far (an unsigned 32-bit integer). */
  value(): number {
    let h =
      this.length >= 16
        ? rotl(this.v1, 1) + rotl(this.v2, 7) + rotl(this.v3, 12) + rotl(this.v4, 18)
        : P5;
    h = (h + this.length) | 0;
    let i = 0;
    for (; i + 4 <= this.tailLength; i += 4) {
      const word =
        (this.tail[i] as number) |
        ((this.tail[i + 1] as number) << 8) |
        ((this.tail[i + 2] as number) << 16) |
        ((this.tail[i + 3] as number) << 24);
      h = Math.imul(rotl((h + Math.imul(word, P3)) | 0, 17), P4);
    }
    for (; i < this.tailLength; i++) {
      h = Math.imul(rotl((h + Math.imul(this.tail[i] as number, P5)) | 0, 11), P1);
    }
    h = Math.imul(h ^ (h >>> 15), P2);
    h = Math.imul(h ^ (h >>> 13), P3);
    h ^= h >>> 16;
    return h >>> 0;
  }

  /** The four lanes' rounds over the first `count` words (a multiple of 4). */
  private stripes(words: Uint32Array, count: number): void {
    let v1 = this.v1;
    let v2 = this.v2;
    let v3 = this.v3;
    let v4 = this.v4;
    for (let i = 0; i < count; i += 4) {
      v1 = round(v1, words[i] as number);
      v2 = round(v2, words[i + 1] as number);
      v3 = round(v3, words[i + 2] as number);
      v4 = round(v4, words[i + 3] as number);
    }
    this.v1 = v1;
    this.v2 = v2;
    this.v3 = v3;
    this.v4 = v4;
  }

  /** The words as little-endian values (swapped in place on a big-endian host). */
  private fixEndian(words: Uint32Array): Uint32Array {
    if (LITTLE_ENDIAN) return words;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as number;
      words[i] = (w >>> 24) | ((w >>> 8) & 0xff00) | ((w << 8) & 0xff0000) | (w << 24);
    }
    return words;
  }
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}
