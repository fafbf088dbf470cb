/** Reads UTF-8 CoNLL/IOB bytes, a piece at a time, straight into a tag corpus without decoding them: lines and fields found and the word and tag hashed on the bytes, each distinct word and tag decoded once, when first seen (the same sentences, errors and line numbers as ConllCorpusReader over the decoded text). */
import {
  type ConllLayout,
  conllEmptyError,
  conllFieldsError,
  DOC_START,
} from '../../data/conll.ts';
import { decodeUtf8, encodeUtf8, invalidTextError } from '../../data/encoding.ts';
import { Utf8Interner } from '../../data/utf8Interner.ts';
import { type TagCorpus, TagCorpusBuilder } from './corpus.ts';
import { CHUNK_IDS } from './idColumn.ts';

// NOTE: FNV-1a as Utf8Interner's hashBytes, over module-local constants: the imported ones cost
// about 3× in the scan (docs/benchmarks.md, "Big files").
const HASH_START = 0x811c9dc5;
const HASH_PRIME = 0x01000193;
const EMPTY = new Uint8Array(0);
const BOM = [0xef, 0xbb, 0xbf];
const DOC_START_BYTES = encodeUtf8(DOC_START);

/**
 * The byte length of the white-space character (as `isJsSpace` takes it) starting at `bytes[i]`,
 * 0 when there is none; a multi-byte one must end before `end`.
 */
export function jsSpaceAt(bytes: Uint8Array, i: number, end: number): number {
  const c = bytes[i] as number;
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13) ? 1 : 0;
  if (c === 0xc2) return i + 1 < end && bytes[i + 1] === 0xa0 ? 2 : 0;
  if (i + 2 >= end) return 0;
  const c1 = bytes[i + 1] as number;
  const c2 = bytes[i + 2] as number;
  // U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF.
  if (c === 0xe1) return c1 === 0x9a && c2 === 0x80 ? 3 : 0;
  if (c === 0xe2 && c1 === 0x80) {
    return (c2 >= 0x80 && c2 <= 0x8a) || c2 === 0xa8 || c2 === 0xa9 || c2 === 0xaf ? 3 : 0;
  }
  if (c === 0xe2) return c1 === 0x81 && c2 === 0x9f ? 3 : 0;
  if (c === 0xe3) return c1 === 0x80 && c2 === 0x80 ? 3 : 0;
  if (c === 0xef) return c1 === 0xbb && c2 === 0xbf ? 3 : 0;
  return 0;
}

function startsWithBytes(bytes: Uint8Array, start: number, end: number, prefix: Uint8Array) {
  if (end - start < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (bytes[start + k] !== prefix[k]) return false;
  return true;
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Builds a tag corpus from the UTF-8 bytes of a CoNLL file in `layout`: `push` each piece (its
 * bytes are not kept), then `end`. A byte-order mark at the start is skipped.
 */
export class ConllByteReader {
  private readonly words = new Utf8Interner();
  private readonly tags = new Utf8Interner();
  private readonly builder: TagCorpusBuilder;
  /** The first bytes while fewer than a byte-order mark's; null once the start is read. */
  private head: Uint8Array | null = EMPTY;
  private carry: Uint8Array = EMPTY;
  private number = 0;
  private inSentence = false;
  private ended = 0;
  /** The comment prefix's bytes; null when no line can start with it. */
  private readonly prefix: Uint8Array | null;
  private readonly tab: boolean;
  /**
   * The line's token and tag fields: start, end, hash and last 8 bytes packed (two Int32s, as
   * `packBytes`) of each.
   */
  private readonly bounds = new Int32Array(10);
  private readonly tokenField: number;
  private readonly tagField: number;
  /** The comment prefix's first byte; −1 when no line can start with it. */
  private readonly prefixFirst: number;
  /** True for lines of two tab-separated fields, a token and a tag, read by {@link pairLines}. */
  private readonly pairs: boolean;
  /** The line's field count, and whether a field other than the token and the tag has non-ASCII bytes. */
  private fields = 0;
  private unchecked = false;

  /** @param options.chunkIds ids per chunk of the corpus (tests make it small) */
  constructor(
    private readonly options: { fileName: string; layout: ConllLayout; chunkIds?: number },
  ) {
    this.builder = new TagCorpusBuilder(options.chunkIds ?? CHUNK_IDS, {
      words: this.words,
      tags: this.tags,
    });
    const prefix = options.layout.commentPrefix ?? '#';
    const prefixBytes = encodeUtf8(prefix);
    // NOTE: a prefix with a lone surrogate starts no decoded line; its bytes would match U+FFFD.
    this.prefix = decodeUtf8(prefixBytes) === prefix ? prefixBytes : null;
    this.tab = options.layout.separator === 'tab';
    this.tokenField = options.layout.tokenField;
    this.tagField = options.layout.tagField;
    const { fieldCount, tokenField, tagField } = options.layout;
    this.pairs = this.tab && fieldCount === 2 && tokenField + tagField === 1;
    this.prefixFirst =
      this.prefix !== null && this.prefix.length > 0 ? (this.prefix[0] as number) : -1;
  }

  /**
   * Takes the next piece of the file; its complete lines are read, the unfinished tail copied.
   * @throws DatasetError ('conll-fields') for a token line of another field count; ('encoding')
   *   for text that is not valid UTF-8.
   */
  push(piece: Uint8Array): void {
    const bytes = this.head === null ? piece : this.afterBom(piece);
    if (bytes.length === 0) return;
    const from = this.carry.length === 0 ? 0 : this.completeCarry(bytes);
    if (from === -1) return;
    const rest = this.scan(bytes, from);
    this.carry = rest < bytes.length ? bytes.slice(rest) : EMPTY;
  }

  /**
   * Reads the last line and ends the last sentence.
   * @returns the corpus read
   * @throws DatasetError ('empty') when the file had no tagged sentence; others as `push`.
   */
  end(): TagCorpus {
    if (this.head !== null) {
      const head = this.head;
      this.head = null;
      this.push(head);
    }
    const s = this.carry;
    const hadCr = s.length > 0 && s[s.length - 1] === 13;
    this.line(s, 0, hadCr ? s.length - 1 : s.length);
    if (hadCr) this.line(EMPTY, 0, 0);
    this.carry = EMPTY;
    this.endSentence();
    if (this.ended === 0) throw conllEmptyError(this.options.fileName);
    return this.builder.finish();
  }

  /** The bytes of `piece` past a byte-order mark once three bytes are known; until then none. */
  private afterBom(piece: Uint8Array): Uint8Array {
    const head = this.head as Uint8Array;
    const bytes = head.length === 0 ? piece : joined(head, piece);
    if (bytes.length < BOM.length && BOM.slice(0, bytes.length).every((b, k) => bytes[k] === b)) {
      this.head = bytes.slice();
      return EMPTY;
    }
    this.head = null;
    const bom = BOM.every((b, k) => bytes[k] === b);
    return bom ? bytes.subarray(BOM.length) : bytes;
  }

  /**
   * Ends the carried line with the start of `bytes`; returns where the rest of `bytes` starts, or
   * −1 when `bytes` has no line end (it joined the carried line).
   */
  private completeCarry(bytes: Uint8Array): number {
    const carry = this.carry;
    this.carry = EMPTY;
    if (carry[carry.length - 1] === 13) {
      this.line(carry, 0, carry.length - 1);
      return bytes[0] === 10 ? 1 : 0;
    }
    let e = 0;
    while (e < bytes.length && bytes[e] !== 10 && bytes[e] !== 13) e++;
    if (e === bytes.length || (e === bytes.length - 1 && bytes[e] === 13)) {
      this.carry = joined(carry, bytes);
      return -1;
    }
    const line = joined(carry, bytes.subarray(0, e));
    this.line(line, 0, line.length);
    return bytes[e] === 13 && bytes[e + 1] === 10 ? e + 2 : e + 1;
  }

  /** Reads the complete lines of `bytes` from `from`; returns where its unfinished tail starts. */
  private scan(bytes: Uint8Array, from: number): number {
    const n = bytes.length;
    let start = from;
    while (start < n) {
      const next = this.pairs ? this.pairLines(bytes, start) : start;
      if (next === -1 || next === n) return n;
      start = next;
      const end = this.tab ? this.tabFields(bytes, start, n) : this.spaceFields(bytes, start, n);
      if (end === n) break;
      const c = bytes[end] as number;
      // NOTE: a '\r' at the end of a piece may be the first half of '\r\n': wait for the next one.
      if (c === 13 && end === n - 1) break;
      this.take(bytes, start, end);
      start = c === 13 && bytes[end + 1] === 10 ? end + 2 : end + 1;
    }
    return start;
  }

  /**
   * Reads lines of two tab-separated fields from `from` for as long as they come, with no field
   * bounds stored between the scan and the lookups, and empty lines; returns where the first
   * other line starts (a line of white space, one with another field count or control character,
   * an unfinished one), which {@link scan} reads the general way.
   */
  private pairLines(bytes: Uint8Array, from: number): number {
    const n = bytes.length;
    const wordFirst = this.tokenField === 0;
    let start = from;
    for (;;) {
      // NOTE: an empty line ends the sentence here (a blank line with spaces goes the general way).
      if (start < n && bytes[start] === 10) {
        this.number++;
        this.endSentence();
        start++;
        continue;
      }
      let i = start;
      let c = 0;
      let h1 = HASH_START;
      let low1 = 0;
      let packed1 = 0;
      for (; i < n; i++) {
        c = bytes[i] as number;
        if (c <= 13) break;
        h1 = Math.imul(h1 ^ c, HASH_PRIME);
        packed1 = (packed1 << 8) | (low1 >>> 24);
        low1 = (low1 << 8) | c;
      }
      if (c !== 9 || i === n) return start;
      const end1 = i++;
      let h2 = HASH_START;
      let low2 = 0;
      let packed2 = 0;
      for (; i < n; i++) {
        c = bytes[i] as number;
        if (c <= 13) break;
        h2 = Math.imul(h2 ^ c, HASH_PRIME);
        packed2 = (packed2 << 8) | (low2 >>> 24);
        low2 = (low2 << 8) | c;
      }
      if (i === n || (c !== 10 && c !== 13) || (c === 13 && i === n - 1)) return start;
      this.number++;
      const first = bytes[start] as number;
      const mayBeSkipped =
        first === DOC_START_BYTES[0] || (first === this.prefixFirst && !this.inSentence);
      if (mayBeSkipped && this.skipped(bytes, start, i)) this.check(bytes, start, i);
      else {
        let word: number;
        let tag: number;
        try {
          word = wordFirst
            ? this.words.idOfPacked(bytes, start, end1, h1 | 0, low1, packed1)
            : this.words.idOfPacked(bytes, end1 + 1, i, h2 | 0, low2, packed2);
          tag = wordFirst
            ? this.tags.idOfPacked(bytes, end1 + 1, i, h2 | 0, low2, packed2)
            : this.tags.idOfPacked(bytes, start, end1, h1 | 0, low1, packed1);
        } catch (err) {
          throw this.invalid(err);
        }
        this.builder.tokenOfIds(word, tag);
        this.inSentence = true;
      }
      start = c === 13 && bytes[i + 1] === 10 ? i + 2 : i + 1;
    }
  }

  /** A whole line `bytes[start, end)` (no line end in it). */
  private line(bytes: Uint8Array, start: number, end: number): void {
    if (this.tab) this.tabFields(bytes, start, end);
    else this.spaceFields(bytes, start, end);
    this.take(bytes, start, end);
  }

  /**
   * The tab-separated fields from `start` to the line end or `limit`: notes the token's and the
   * tag's bounds and hashes and the field count; returns where the line ends (`limit` when it
   * has no end before it).
   */
  private tabFields(bytes: Uint8Array, start: number, limit: number): number {
    let field = 0;
    let fieldStart = start;
    let h = HASH_START;
    let high = 0;
    let low = 0;
    let packed = 0;
    let unchecked = false;
    let i = start;
    for (; i < limit; i++) {
      const c = bytes[i] as number;
      if (c > 13) {
        h = Math.imul(h ^ c, HASH_PRIME);
        high |= c;
        packed = (packed << 8) | (low >>> 24);
        low = (low << 8) | c;
        continue;
      }
      if (c === 10 || c === 13) break;
      if (c !== 9) {
        h = Math.imul(h ^ c, HASH_PRIME);
        packed = (packed << 8) | (low >>> 24);
        low = (low << 8) | c;
        continue;
      }
      if (this.keepField(field, fieldStart, i, h, high, low, packed)) unchecked = true;
      field++;
      fieldStart = i + 1;
      h = HASH_START;
      high = 0;
      low = 0;
      packed = 0;
    }
    if (this.keepField(field, fieldStart, i, h, high, low, packed)) unchecked = true;
    this.fields = field + 1;
    this.unchecked = unchecked;
    return i;
  }

  /**
   * Notes field `field` (bytes `[start, end)`, hash `h`, `high` the OR of its bytes, its last 8
   * bytes packed in `low` and `packed`) when it is the token's or the tag's; returns true for
   * another field with a byte above ASCII, whose UTF-8 the reader must still check.
   */
  private keepField(
    field: number,
    start: number,
    end: number,
    h: number,
    high: number,
    low: number,
    packed: number,
  ): boolean {
    const b = this.bounds;
    const at = field === this.tokenField ? 0 : field === this.tagField ? 5 : -1;
    if (at === -1) return high >= 0x80;
    b[at] = start;
    b[at + 1] = end;
    b[at + 2] = h | 0;
    b[at + 3] = low;
    b[at + 4] = packed;
    return false;
  }

  /** {@link tabFields} for fields separated by runs of white space (`trim().split(/\s+/)`). */
  private spaceFields(bytes: Uint8Array, start: number, limit: number): number {
    let field = 0;
    let unchecked = false;
    let i = start;
    for (;;) {
      let space = 0;
      while (i < limit && bytes[i] !== 10 && bytes[i] !== 13) {
        space = jsSpaceAt(bytes, i, limit);
        if (space === 0) break;
        i += space;
      }
      if (i === limit || bytes[i] === 10 || bytes[i] === 13) break;
      const from = i;
      let h = HASH_START;
      let high = 0;
      let low = 0;
      let packed = 0;
      while (i < limit) {
        const c = bytes[i] as number;
        if (c <= 32 || c >= 0x80) {
          if (c === 10 || c === 13 || jsSpaceAt(bytes, i, limit) > 0) break;
        }
        h = Math.imul(h ^ c, HASH_PRIME);
        high |= c;
        packed = (packed << 8) | (low >>> 24);
        low = (low << 8) | c;
        i++;
      }
      if (this.keepField(field, from, i, h, high, low, packed)) unchecked = true;
      field++;
    }
    this.fields = field;
    this.unchecked = unchecked;
    return i;
  }

  /** Line `bytes[start, end)`, its fields noted. @throws DatasetError as `push`. */
  private take(bytes: Uint8Array, start: number, end: number): void {
    this.number++;
    const { layout } = this.options;
    // NOTE: a blank line has no field (runs of spaces) or one of white space only (tabs).
    if (this.tab ? this.fields === 1 && this.blank(bytes, start, end) : this.fields === 0) {
      this.endSentence();
      return;
    }
    if (this.skipped(bytes, start, end)) {
      this.check(bytes, start, end);
      return;
    }
    if (this.fields !== layout.fieldCount) {
      this.check(bytes, start, end);
      throw conllFieldsError(this.options.fileName, this.number, layout, this.fields);
    }
    if (this.unchecked) this.check(bytes, start, end);
    const b = this.bounds;
    const word = this.idOf(this.words, bytes, b, 0);
    const tag = this.idOf(this.tags, bytes, b, 5);
    this.builder.tokenOfIds(word, tag);
    this.inSentence = true;
  }

  /** True for a token line that is skipped: a comment before a sentence, or a document start. */
  private skipped(bytes: Uint8Array, start: number, end: number): boolean {
    const prefix = this.prefix;
    return (
      (!this.inSentence &&
        prefix !== null &&
        prefix.length > 0 &&
        bytes[start] === prefix[0] &&
        startsWithBytes(bytes, start, end, prefix)) ||
      (bytes[start] === DOC_START_BYTES[0] && startsWithBytes(bytes, start, end, DOC_START_BYTES))
    );
  }

  private endSentence(): void {
    if (!this.inSentence) return;
    this.builder.endSentence();
    this.inSentence = false;
    this.ended++;
  }

  /** True when the line is white space only and has no tab. */
  private blank(bytes: Uint8Array, start: number, end: number): boolean {
    for (let i = start; i < end; ) {
      const k = jsSpaceAt(bytes, i, end);
      if (k === 0 || bytes[i] === 9) return false;
      i += k;
    }
    return true;
  }

  /** The id of the field whose start, end, hash and packed bytes are `b[at, at + 5)`. */
  private idOf(interner: Utf8Interner, bytes: Uint8Array, b: Int32Array, at: number): number {
    try {
      return interner.idOfPacked(
        bytes,
        b[at] as number,
        b[at + 1] as number,
        b[at + 2] as number,
        b[at + 3] as number,
        b[at + 4] as number,
      );
    } catch (err) {
      throw this.invalid(err);
    }
  }

  /** @throws DatasetError ('encoding') when `bytes[start, end)` is not valid UTF-8. */
  private check(bytes: Uint8Array, start: number, end: number): void {
    let high = 0;
    for (let i = start; i < end; i++) high |= bytes[i] as number;
    if (high < 0x80) return;
    try {
      decodeUtf8(bytes.subarray(start, end));
    } catch (err) {
      throw this.invalid(err);
    }
  }

  private invalid(err: unknown): Error {
    if (!(err instanceof TypeError)) return err as Error;
    return invalidTextError(this.options.fileName, this.number, 'utf-8', err.message);
  }
}
