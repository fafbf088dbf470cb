/** UTF-8 byte ranges to dense ids in first-seen order, looked up without decoding: an open-addressing table over FNV-1a hashes of the bytes, each distinct token's bytes kept once and decoded to a string once, when it is first seen. */
import { decodeUtf8 } from './encoding.ts';

/** FNV-1a's start value: a reader that hashes bytes as it scans starts each token's hash here. */
export const UTF8_HASH_START = 0x811c9dc5;
/** FNV-1a's multiplier: the next hash is `Math.imul(h ^ byte, UTF8_HASH_PRIME)` (finish with `| 0`). */
export const UTF8_HASH_PRIME = 0x01000193;

/** FNV-1a over `bytes[start, end)`, as a scanning reader computes it. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = UTF8_HASH_START;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), UTF8_HASH_PRIME);
  return h | 0;
}

/** Below this many bytes a plain-ASCII token is spelt by `String.fromCharCode` rather than the decoder. */
const SHORT_ASCII = 64;

/** `bytes[start, end)` as text; the decoder's TypeError when it is not valid UTF-8. */
function decodeRange(bytes: Uint8Array, start: number, end: number): string {
  if (end - start < SHORT_ASCII) {
    let ascii = true;
    for (let i = start; i < end; i++) if ((bytes[i] as number) >= 0x80) ascii = false;
    if (ascii) return String.fromCharCode.apply(null, bytes.subarray(start, end) as never);
  }
  return decodeUtf8(bytes.subarray(start, end));
}

function grownInt32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const next = new Int32Array(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

/** Interns UTF-8 tokens: the first distinct token gets id 0, the next 1, and so on. */
export class Utf8Interner {
  /** Every distinct token, decoded, by id. */
  readonly tokens: string[] = [];
  /** The distinct tokens' bytes one after another: token `id` is `pool[offsets[id], offsets[id + 1])`. */
  private pool = new Uint8Array(1 << 14);
  private offsets = new Int32Array(1025);
  private hashes = new Int32Array(1024);
  /** Slot → id + 1 (0: empty); its length is a power of two, at most half full. */
  private slots = new Int32Array(2048);

  /**
   * The id of `bytes[start, end)`, whose FNV-1a hash is `h` ({@link hashBytes}), interning it
   * (decoded once) when new.
   * @throws TypeError (the decoder's) when a new token is not valid UTF-8; a token seen before is.
   */
  idOf(bytes: Uint8Array, start: number, end: number, h: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = this.slots[slot] as number;
      if (v === 0) return this.insert(bytes, start, end, h, slot);
      const id = v - 1;
      if (this.hashes[id] !== h) continue;
      const from = this.offsets[id] as number;
      if ((this.offsets[id + 1] as number) - from !== length) continue;
      const pool = this.pool;
      let k = 0;
      while (k < length && pool[from + k] === bytes[start + k]) k++;
      if (k === length) return id;
    }
  }

  private insert(bytes: Uint8Array, start: number, end: number, h: number, slot: number): number {
    const token = decodeRange(bytes, start, end);
    const id = this.tokens.length;
    this.tokens.push(token);
    const at = this.offsets[id] as number;
    if (at + end - start > this.pool.length) {
      const pool = new Uint8Array(Math.max(at + end - start, this.pool.length * 2));
      pool.set(this.pool.subarray(0, at));
      this.pool = pool;
    }
    this.pool.set(bytes.subarray(start, end), at);
    this.offsets = grownInt32(this.offsets, id + 2);
    this.offsets[id + 1] = at + end - start;
    this.hashes = grownInt32(this.hashes, id + 1);
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
