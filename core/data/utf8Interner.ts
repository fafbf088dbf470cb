/** UTF-8 byte ranges to dense ids in first-seen order, looked up without decoding: an open-addressing table over FNV-1a hashes of the bytes whose slots also hold each token's length and last 8 bytes, so a token of up to 8 bytes is found without reading its bytes again; each distinct token's bytes kept once and decoded to a string once, when it is first seen. */
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

/**
 * The last 8 bytes of `bytes[start, end)` packed into two Int32s `[low, high]`, as a reader packs
 * them while it scans: for each byte `c`, `high = (high << 8) | (low >>> 24)`, then
 * `low = (low << 8) | c`, both from 0. With the length, the pair spells a token of up to 8 bytes.
 */
export function packBytes(bytes: Uint8Array, start: number, end: number): [number, number] {
  let low = 0;
  let high = 0;
  for (let i = start; i < end; i++) {
    high = (high << 8) | (low >>> 24);
    low = (low << 8) | (bytes[i] as number);
  }
  return [low, high];
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

/**
 * Int32s a token's record holds: its hash, its length, where its bytes start in the pool, and its
 * last 8 bytes packed ({@link packBytes}).
 */
const RECORD = 5;

/** Interns UTF-8 tokens: the first distinct token gets id 0, the next 1, and so on. */
export class Utf8Interner {
  /** Every distinct token, decoded, by id. */
  readonly tokens: string[] = [];
  /** The distinct tokens' bytes one after another. */
  private pool = new Uint8Array(1 << 14);
  private poolUsed = 0;
  /**
   * Open addressing with linear probing: slot → id + 1 (0: empty); its length is a power of two,
   * at most half full. Kept to one Int32 a slot so the table stays in the cache for a big
   * vocabulary (12,000 words: 128 KiB).
   */
  private slots = new Int32Array(2048);
  /** {@link RECORD} Int32s per id, so a lookup reads the slot and then one place for the rest. */
  private records = new Int32Array(1024 * RECORD);

  /**
   * The id of `bytes[start, end)`, whose FNV-1a hash is `h` ({@link hashBytes}), interning it
   * (decoded once) when new.
   * @throws TypeError (the decoder's) when a new token is not valid UTF-8; a token seen before is.
   */
  idOf(bytes: Uint8Array, start: number, end: number, h: number): number {
    const [low, high] = packBytes(bytes, start, end);
    return this.idOfPacked(bytes, start, end, h, low, high);
  }

  /**
   * {@link idOf} with the token's last 8 bytes packed as the reader scanned them
   * ({@link packBytes}): a token of up to 8 bytes is matched by its hash, length and packed bytes
   * alone; a longer one's other bytes are compared with the pool's.
   */
  idOfPacked(
    bytes: Uint8Array,
    start: number,
    end: number,
    h: number,
    low: number,
    high: number,
  ): number {
    const { slots, records } = this;
    const mask = slots.length - 1;
    const length = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = slots[slot] as number;
      if (v === 0) return this.insert(bytes, start, end, h, slot);
      const r = (v - 1) * RECORD;
      if (records[r] !== h || records[r + 1] !== length) continue;
      if (records[r + 3] !== low || records[r + 4] !== high) continue;
      if (length <= 8) return v - 1;
      const pool = this.pool;
      const from = records[r + 2] as number;
      let k = 0;
      while (k < length - 8 && pool[from + k] === bytes[start + k]) k++;
      if (k === length - 8) return v - 1;
    }
  }

  private insert(bytes: Uint8Array, start: number, end: number, h: number, slot: number): number {
    const token = decodeRange(bytes, start, end);
    const id = this.tokens.length;
    this.tokens.push(token);
    const at = this.poolUsed;
    if (at + end - start > this.pool.length) {
      const pool = new Uint8Array(Math.max(at + end - start, this.pool.length * 2));
      pool.set(this.pool.subarray(0, at));
      this.pool = pool;
    }
    this.pool.set(bytes.subarray(start, end), at);
    this.poolUsed = at + end - start;
    if ((id + 1) * RECORD > this.records.length) {
      const records = new Int32Array(this.records.length * 2);
      records.set(this.records);
      this.records = records;
    }
    const [low, high] = packBytes(bytes, start, end);
    this.records.set([h, end - start, at, low, high], id * RECORD);
    this.slots[slot] = id + 1;
    if (2 * this.tokens.length > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.tokens.length; id++) {
      let slot = (this.records[id * RECORD] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}
