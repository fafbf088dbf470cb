/** Reads the word tokens' ids of a text or of a UTF-8 field's bytes in one pass, for texts of the characters whose word boundaries are known here without Intl.Segmenter (wordClasses.ts: ASCII, Latin letters, common punctuation, Hangul), interning each token without cutting it out as a string unless it is new. */

import { symbolEnd } from './symbolClusters.ts';
import type { TokenInterner } from './tokenInterner.ts';
import * as classes from './wordClasses.ts';

// NOTE: module-local constants, the classes spelt as literals (checked against wordClasses.ts's
// below): read through an import binding, each use in the scan cost a load and a check, which made
// it about 8× slower under tsx.
const CLASS = Uint8Array.from(classes.CLASS);
/** {@link CLASS} for a field's bytes: a CR there is a line end the parser counts, so the field is left to it. */
const BYTE_CLASS = Uint8Array.from(CLASS, (k, c) => (c === 13 ? 0 : k));
const LETTER = 1;
const DIGIT = 2;
const MID_NUM_LET = 3;
const MID_NUM = 4;
const SPACE = 5;
const UNSUPPORTED = 0;
const HANGUL = 7;
const MID_LETTER = 8;
const OTHER = 6;
/** Code units below this have their class and lowercase form in the tables below. */
const WIDE_END = 0x2c00;
if (
  [
    LETTER,
    DIGIT,
    MID_NUM_LET,
    MID_NUM,
    SPACE,
    UNSUPPORTED,
    HANGUL,
    MID_LETTER,
    OTHER,
    WIDE_END,
  ].join() !==
  [
    classes.LETTER,
    classes.DIGIT,
    classes.MID_NUM_LET,
    classes.MID_NUM,
    classes.SPACE,
    classes.UNSUPPORTED,
    classes.HANGUL,
    classes.MID_LETTER,
    classes.OTHER,
    classes.WIDE_END,
  ].join()
) {
  throw new Error("wordIds: the character classes must be wordClasses.ts's, got others.");
}

/** Each code unit's class below {@link WIDE_END}: ASCII, Latin letters, quotes and punctuation. */
const WIDE_CLASS = classes.wideClasses();
/** Each code unit below {@link WIDE_END} lowercased (0 where that leaves the table), and unchanged. */
const WIDE_LOWER = classes.wideFold(WIDE_CLASS, true);
const WIDE_SAME = classes.wideFold(WIDE_CLASS, false);

/**
 * The class of a UTF-16 code unit: below {@link WIDE_END} by {@link WIDE_CLASS}, Hangul syllables
 * their own, Hangul compatibility jamo (U+3131–U+318E: `ㅋㅋ`, `ㅠㅠ`) letters like A–Z, anything
 * else unsupported (wordClasses.ts's classOfUnit, with the tables module-local).
 */
function classOfUnit(u: number): number {
  if (u < WIDE_END) return WIDE_CLASS[u] as number;
  if (u >= 0xac00 && u <= 0xd7a3) return HANGUL;
  if (u >= 0xd800 && u <= 0xdbff) return OTHER;
  return u >= 0x3131 && u <= 0x318e ? LETTER : UNSUPPORTED;
}

// FNV-1a (32-bit) as tokenInterner.ts hashes a range: its start value and multiplier.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Each ASCII code unit lowercased as `toLowerCase` does (A–Z to a–z), and unchanged. */
const LOWERCASE = Uint8Array.from({ length: 128 }, (_, c) => (c >= 65 && c <= 90 ? c + 32 : c));
const IDENTITY = Uint8Array.from({ length: 128 }, (_, c) => c);

// NOTE: core/ is compiled against ES2022 only; TextEncoder exists in every host we run in (Node,
// browsers, Electron), so it is reached through globalThis with minimal types.
const { TextEncoder: Utf8Encoder } = globalThis as unknown as {
  TextEncoder: new () => {
    encodeInto(text: string, into: Uint8Array): { read: number; written: number };
  };
};

/** The string of code units `codes[start, end)`, made in chunks (a long token must not spread into one call). */
function stringOf(codes: Uint8Array | Uint16Array, start: number, end: number): string {
  let out = '';
  for (let at = start; at < end; at += 4096) {
    out += String.fromCharCode.apply(
      null,
      codes.subarray(at, Math.min(end, at + 4096)) as unknown as number[],
    );
  }
  return out;
}

/** The string of the ASCII bytes `src[start, end)`, each through `fold`. */
function foldedString(src: Uint8Array, start: number, end: number, fold: Uint8Array): string {
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(fold[src[i] as number] as number);
  return out;
}

/**
 * Reads the token ids of texts of the characters wordClasses.ts knows, as `wordTokens(text)` cuts them (of
 * `text.toLowerCase()` when asked), straight from the text or from a field's UTF-8 bytes: a
 * plain-ASCII text is copied out as bytes (`TextEncoder.encodeInto`, one byte a character) or its
 * bytes scanned where they lie; any other one is taken as UTF-16 code units. One pass finds each
 * token and its FNV-1a hash, lowercasing A–Z as it goes, and the interner is asked only once the
 * whole text is known to be readable, so a text that is not leaves it untouched. A token the
 * interner already holds is found by comparing code units; no string is made for it.
 */
export class WordIdReader {
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private hashes = new Int32Array(256);
  private ids = new Int32Array(256);
  /** Each plain-ASCII token's id when the interner held it at the scan, else -1. */
  private found = new Int32Array(256);
  /** The bytes the last plain-ASCII scan read (its tokens' bounds are in them). */
  private src: Uint8Array = new Uint8Array(0);
  /** How many of the last plain-ASCII scan's tokens the interner did not hold. */
  private misses = 0;
  /** A text copied out as UTF-8 by `encodeInto` (read as plain ASCII when it is). */
  private bytes = new Uint8Array(4096);
  /** Any other text's code units (lowercased when asked). */
  private units = new Uint16Array(4096);
  /** Whether the last scan's tokens lie in `units` rather than `src`. */
  private wide = false;
  /** Whether the last text scanned held only white space. */
  blank = true;
  private readonly encoder = new Utf8Encoder();
  private readonly fold: Uint8Array;
  /** {@link fold} for the code units below {@link WIDE_END}. */
  private readonly wideFold: Uint16Array;

  constructor(
    private readonly interner: TokenInterner,
    private readonly options: {
      /** Tokens kept per text (the first ones). */
      readonly max: number;
      /** Read the tokens as `text.toLowerCase()` would spell them. */
      readonly lowercase: boolean;
      /** Characters (grapheme clusters, as `charTokens` cuts them) instead of words. */
      readonly chars?: boolean;
    },
  ) {
    this.fold = options.lowercase ? LOWERCASE : IDENTITY;
    this.wideFold = options.lowercase ? WIDE_LOWER : WIDE_SAME;
  }

  /**
   * Writes the ids of `text`'s first `max` tokens over `ids` and returns true; returns false,
   * leaving `ids` and the interner as they were, when `text` holds a character other than plain
   * ASCII and Hangul that this reader segments exactly as Intl.Segmenter.
   */
  read(text: string, ids: number[]): boolean {
    const count = this.scanText(text);
    if (count < 0) return false;
    this.idsOf(count, ids);
    return true;
  }

  /**
   * Scans `text`: the count of its tokens (at most `max`) kept for {@link idsOf}, or -1 when it
   * holds a character this reader leaves to Intl.Segmenter.
   */
  scanText(text: string): number {
    const n = text.length;
    this.reserve(Math.min(this.options.max, n), n);
    // NOTE: every character below 128 is one byte, anything else two or more, so the text is
    // ASCII exactly when all of it was read into n bytes (the buffer holds at least n).
    if (this.options.chars !== true) {
      const { read, written } = this.encoder.encodeInto(text, this.bytes);
      if (read === n && written === n) return this.scanAscii(this.bytes, 0, n, CLASS);
    }
    const { units, wideFold } = this;
    for (let i = 0; i < n; i++) {
      const u = text.charCodeAt(i);
      units[i] = u < WIDE_END ? (wideFold[u] as number) : u;
    }
    return this.options.chars === true ? this.scanClusters(n) : this.scanUnits(n);
  }

  /**
   * Scans a field's UTF-8 bytes `src[start, end)` as {@link scanText} scans their text, as plain
   * ASCII (`plain`: -1 for any byte from 128 up) or as UTF-8. -1 also for bytes that are not UTF-8
   * and for a CR (the caller's general path reports or counts them).
   */
  scanBytes(src: Uint8Array, start: number, end: number, plain: boolean): number {
    const n = end - start;
    this.reserve(Math.min(this.options.max, n), n);
    if (plain && this.options.chars !== true) return this.scanAscii(src, start, end, BYTE_CLASS);
    const { units, wideFold } = this;
    let m = 0;
    for (let i = start; i < end; ) {
      const c = src[i] as number;
      if (c === 13) return -1;
      if (c < 128) {
        units[m++] = wideFold[c] as number;
        i++;
        continue;
      }
      // NOTE: a malformed or overlong sequence, or a surrogate's code point, is left to the
      // caller; scanUnits decides which characters it reads.
      const b1 = src[i + 1] as number;
      let u: number;
      if (c >= 0xc2 && c <= 0xdf) {
        if (i + 1 >= end || (b1 & 0xc0) !== 0x80) return -1;
        u = ((c & 0x1f) << 6) | (b1 & 0x3f);
        i += 2;
      } else if ((c & 0xf0) === 0xe0) {
        const b2 = src[i + 2] as number;
        if (i + 2 >= end || (b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80) return -1;
        u = ((c & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
        if (u < 0x800 || (u >= 0xd800 && u <= 0xdfff)) return -1;
        i += 3;
      } else if (c >= 0xf0 && c <= 0xf4) {
        const b2 = src[i + 2] as number;
        const b3 = src[i + 3] as number;
        if (i + 3 >= end || (b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80 || (b3 & 0xc0) !== 0x80)
          return -1;
        const cp = ((c & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
        if (cp < 0x10000 || cp > 0x10ffff) return -1;
        units[m++] = 0xd800 + ((cp - 0x10000) >> 10);
        units[m++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
        i += 4;
        continue;
      } else return -1;
      units[m++] = u < WIDE_END ? (wideFold[u] as number) : u;
    }
    return this.options.chars === true ? this.scanClusters(m) : this.scanUnits(m);
  }

  /** Writes the ids of the last scan's `count` tokens over `ids`, interning the new ones. */
  idsOf(count: number, ids: number[] | Int32Array): void {
    const { interner, starts, ends, hashes } = this;
    if (Array.isArray(ids) && ids.length !== count) ids.length = count;
    if (!this.wide) {
      const { found, src, fold } = this;
      for (let k = 0; k < count; k++) {
        const id = found[k] as number;
        ids[k] =
          id !== -1
            ? id
            : interner.idOfHashedRange(
                foldedString(src, starts[k] as number, ends[k] as number, fold),
                0,
                (ends[k] as number) - (starts[k] as number),
                hashes[k] as number,
              );
      }
      return;
    }
    const codes = this.units;
    for (let k = 0; k < count; k++) {
      const start = starts[k] as number;
      const end = ends[k] as number;
      const h = hashes[k] as number;
      const id = interner.findCodes(codes, start, end, h);
      ids[k] =
        id !== -1 ? id : interner.idOfHashedRange(stringOf(codes, start, end), 0, end - start, h);
    }
  }

  /** The ids of the last scan's `count` tokens (as {@link idsOf}) in the reader's own array, valid until the next call. */
  ownIds(count: number): Int32Array {
    if (!this.wide && this.misses === 0) return this.found;
    if (this.ids.length < count) this.ids = new Int32Array(Math.max(count, 2 * this.ids.length));
    this.idsOf(count, this.ids);
    return this.ids;
  }

  /**
   * The tokens of the plain-ASCII bytes `src[from, to)`, each looked up in the interner as it ends
   * (compared lowercased with `fold` where it lies), its id into `found` — for a token the interner
   * does not hold, -1 and its bounds in `src` and hash into the scratch arrays; their count, or -1
   * for a byte left to the segmenter.
   */
  private scanAscii(src: Uint8Array, from: number, to: number, classes: Uint8Array): number {
    // NOTE: locals, not fields, and FNV-1a's step written out (hashStep, called here, ran the scan
    // about 3× slower): this is the hot path of reading a big file.
    const { starts, ends, hashes, found, fold, interner } = this;
    const { max } = this.options;
    this.wide = false;
    this.src = src;
    let blank = true;
    let count = 0;
    let misses = 0;
    for (let i = from; i < to; ) {
      const c = src[i] as number;
      const k = classes[c] as number;
      if (k === UNSUPPORTED) return -1;
      if (k === SPACE || count >= max) {
        if (k !== SPACE) blank = false;
        i++;
        continue;
      }
      blank = false;
      const fc = fold[c] as number;
      let h = Math.imul(FNV_OFFSET ^ fc, FNV_PRIME);
      // NOTE: the token's last 8 bytes packed as tokenInterner.ts's packHigh says (written out).
      let low = fc;
      let high = 0;
      let j = i + 1;
      // WB5–WB12 as scannedWords.ts's wordEnd applies them, hashing (lowercased) each byte taken.
      if (k === LETTER || k === DIGIT) {
        for (let before = k; j < to; ) {
          const d = src[j] as number;
          const kd = classes[d] as number;
          if (kd === LETTER || kd === DIGIT) {
            const fd = fold[d] as number;
            h = Math.imul(h ^ fd, FNV_PRIME);
            high = (high << 8) | (low >>> 24);
            low = (low << 8) | fd;
            before = kd;
            j++;
            continue;
          }
          if ((kd !== MID_NUM_LET && kd !== MID_NUM && kd !== MID_LETTER) || j + 1 >= to) break;
          const e = src[j + 1] as number;
          const ke = classes[e] as number;
          const joinsLetters = kd !== MID_NUM && before === LETTER && ke === LETTER;
          const joinsDigits = kd !== MID_LETTER && before === DIGIT && ke === DIGIT;
          if (!(joinsLetters || joinsDigits)) break;
          const fe = fold[e] as number;
          h = Math.imul(Math.imul(h ^ d, FNV_PRIME) ^ fe, FNV_PRIME);
          high = (high << 16) | (low >>> 16);
          low = (low << 16) | (d << 8) | fe;
          before = ke;
          j += 2;
        }
      }
      // NOTE: a lookup changes nothing, so it is made here, with the token's bytes at hand; a
      // token not found is interned by idsOf once the whole text is known to be readable, from
      // its bounds and hash (kept for those tokens only).
      const id = interner.findPacked(src, i, j, h | 0, low, high, fold);
      found[count] = id;
      if (id === -1) {
        starts[count] = i;
        ends[count] = j;
        hashes[count] = h | 0;
        misses++;
      }
      count++;
      i = j;
    }
    this.blank = blank;
    this.misses = misses;
    return count;
  }

  /** {@link scanAscii} over `units[0, n)` (already lowercased), with Hangul syllables' runs as tokens. */
  private scanUnits(n: number): number {
    const { starts, ends, hashes, units } = this;
    const { max } = this.options;
    this.wide = true;
    let blank = true;
    let count = 0;
    for (let i = 0; i < n; ) {
      const c = units[i] as number;
      const k = classOfUnit(c);
      if (k === UNSUPPORTED) return -1;
      if (k === SPACE) {
        i++;
        continue;
      }
      blank = false;
      let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      let j = i + 1;
      if (k === OTHER) {
        // A symbol or an emoji with what attaches to it (a flag, a ZWJ sequence), or -1.
        j = symbolEnd(units, i, n);
        if (j < 0) return -1;
        for (let m = i + 1; m < j; m++) h = Math.imul(h ^ (units[m] as number), FNV_PRIME);
      } else if (k === HANGUL) {
        while (j < n && classOfUnit(units[j] as number) === HANGUL) {
          h = Math.imul(h ^ (units[j] as number), FNV_PRIME);
          j++;
        }
      } else if (k === LETTER || k === DIGIT) {
        for (let before = k; j < n; ) {
          const d = units[j] as number;
          const kd = classOfUnit(d);
          if (kd === LETTER || kd === DIGIT) {
            h = Math.imul(h ^ d, FNV_PRIME);
            before = kd;
            j++;
            continue;
          }
          if ((kd !== MID_NUM_LET && kd !== MID_NUM && kd !== MID_LETTER) || j + 1 >= n) break;
          const e = units[j + 1] as number;
          const ke = classOfUnit(e);
          const joinsLetters = kd !== MID_NUM && before === LETTER && ke === LETTER;
          const joinsDigits = kd !== MID_LETTER && before === DIGIT && ke === DIGIT;
          if (!(joinsLetters || joinsDigits)) break;
          h = Math.imul(Math.imul(h ^ d, FNV_PRIME) ^ e, FNV_PRIME);
          before = ke;
          j += 2;
        }
      }
      // NOTE: tokens past the first `max` are scanned too (a text is read only when all of it can
      // be), and not kept.
      if (count < max) {
        starts[count] = i;
        ends[count] = j;
        hashes[count] = h | 0;
        count++;
      }
      i = j;
    }
    this.blank = blank;
    return count;
  }

  /**
   * The characters of `units[0, n)` (already lowercased) as scannedChars.ts cuts them: each code
   * unit its own but CR LF and a symbol or an emoji with what attaches to it; their count (at most
   * `max`), or -1 for a character left to the segmenter.
   */
  private scanClusters(n: number): number {
    const { starts, ends, hashes, units } = this;
    const { max } = this.options;
    this.wide = true;
    let blank = true;
    let count = 0;
    for (let i = 0; i < n; ) {
      const c = units[i] as number;
      let j = i + 1;
      if (c === 13 && j < n && units[j] === 10) j++;
      else if (c >= 32 && c !== 127) {
        const k = classOfUnit(c);
        if (k === UNSUPPORTED) return -1;
        if (k === OTHER) j = symbolEnd(units, i, n);
        if (j < 0) return -1;
        if (k !== SPACE) blank = false;
      } else if (CLASS[c] !== SPACE) blank = false;
      if (count < max) {
        let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
        for (let m = i + 1; m < j; m++) h = Math.imul(h ^ (units[m] as number), FNV_PRIME);
        starts[count] = i;
        ends[count] = j;
        hashes[count] = h | 0;
        count++;
      }
      i = j;
    }
    this.blank = blank;
    return count;
  }

  /** Makes the scratch arrays hold at least `tokens` tokens and `chars` characters. */
  private reserve(tokens: number, chars: number): void {
    if (chars > this.bytes.length) {
      const size = Math.max(chars, this.bytes.length * 2);
      this.bytes = new Uint8Array(size);
      this.units = new Uint16Array(size);
    }
    if (tokens <= this.starts.length) return;
    const size = Math.max(tokens, this.starts.length * 2);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.found = new Int32Array(size);
  }
}
