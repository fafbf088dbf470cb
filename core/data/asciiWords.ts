/** Word tokens of plain-ASCII text by the Unicode word-boundary rules (UAX #29) that ASCII can meet, without Intl.Segmenter: the same tokens, many times faster on big files. */

import type { TokenInterner } from './tokenInterner.ts';

// Character classes of UAX #29 for the ASCII characters this path handles.
const LETTER = 1; // ALetter: A–Z, a–z
const DIGIT = 2; // Numeric: 0–9
const MID_NUM_LET = 3; // '.' and "'" (MidNumLet, Single_Quote): join letters to letters, digits to digits
const MID_NUM = 4; // ',' and ';' (MidNum): join digits to digits
const SPACE = 5; // ' ', '\t', '\n', '\r', '\v', '\f': separators, dropped
const OTHER = 6; // every other printable character: a token of its own
const UNSUPPORTED = 0; // non-ASCII, '_' (ExtendNumLet), ':' (MidLetter in some tailorings), controls

const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  CLASS[c] = /[A-Za-z]/.test(ch)
    ? LETTER
    : /[0-9]/.test(ch)
      ? DIGIT
      : ch === '.' || ch === "'"
        ? MID_NUM_LET
        : ch === ',' || ch === ';'
          ? MID_NUM
          : ' \t\n\r\v\f'.includes(ch)
            ? SPACE
            : c > 32 && c < 127 && ch !== '_' && ch !== ':'
              ? OTHER
              : UNSUPPORTED;
}

function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? (CLASS[c] as number) : UNSUPPORTED;
}

/** True when every character of `text` is one this path segments exactly as Intl.Segmenter. */
export function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (classAt(text, i) === UNSUPPORTED) return false;
  return true;
}

/** The end of the word starting at `start` (a letter or digit): WB5–WB12 of UAX #29. */
function wordEnd(text: string, start: number): number {
  let j = start + 1;
  while (j < text.length) {
    const c = classAt(text, j);
    if (c === LETTER || c === DIGIT) {
      j++;
      continue;
    }
    const before = classAt(text, j - 1);
    const after = j + 1 < text.length ? classAt(text, j + 1) : 0;
    // WB6/WB7: letter (MidNumLet) letter; WB11/WB12: digit (MidNum | MidNumLet) digit.
    const joinsLetters = c === MID_NUM_LET && before === LETTER && after === LETTER;
    const joinsDigits = (c === MID_NUM_LET || c === MID_NUM) && before === DIGIT && after === DIGIT;
    if (!(joinsLetters || joinsDigits)) break;
    j += 2;
  }
  return j;
}

/** Hands over the first `max` tokens of plain-ASCII `text` as `[start, end)` ranges. */
function scanWords(text: string, max: number, take: (start: number, end: number) => void): void {
  let i = 0;
  for (let n = 0; i < text.length && n < max; ) {
    const c = classAt(text, i);
    if (c === SPACE) {
      i++;
      continue;
    }
    const end = c === LETTER || c === DIGIT ? wordEnd(text, i) : i + 1;
    take(i, end);
    n++;
    i = end;
  }
}

/**
 * Words and punctuation of plain-ASCII `text` (see {@link isPlainAscii}), as `wordTokens` gives
 * them: word-like runs whole, each other character alone, whitespace dropped.
 */
export function asciiWordTokens(text: string): string[] {
  const out: string[] = [];
  scanWords(text, Number.POSITIVE_INFINITY, (start, end) => out.push(text.slice(start, end)));
  return out;
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

/**
 * Reads the token ids of plain-ASCII texts straight from the text: the text's characters are
 * copied out as bytes in one native call (`TextEncoder.encodeInto`: a plain-ASCII text is one byte a
 * character), then one pass over the bytes finds each token (as {@link asciiWordTokens} cuts it)
 * and its FNV-1a hash, lowercasing the bytes in place when asked, and the interner is asked only
 * once the whole text is known to be plain ASCII, so a text that is not leaves it untouched. A
 * token the interner already holds is found by comparing bytes with its code units; no string is
 * made for it.
 */
export class AsciiWordReader {
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private hashes = new Int32Array(256);
  /** The text's bytes (lowercased when asked, within tokens). */
  private bytes = new Uint8Array(4096);
  private readonly encoder = new Utf8Encoder();

  constructor(
    private readonly interner: TokenInterner,
    private readonly options: {
      /** Tokens kept per text (the first ones). */
      readonly max: number;
      /** Read the tokens as `text.toLowerCase()` would spell them. */
      readonly lowercase: boolean;
    },
  ) {}

  /**
   * Writes the ids of `text`'s first `max` tokens over `ids` and returns true; returns false,
   * leaving `ids` and the interner as they were, when `text` is not plain ASCII
   * ({@link isPlainAscii}).
   */
  read(text: string, ids: number[]): boolean {
    const count = this.scan(text);
    if (count < 0) return false;
    const { interner, starts, ends, hashes, bytes } = this;
    for (let k = 0; k < count; k++) {
      const start = starts[k] as number;
      const end = ends[k] as number;
      const h = hashes[k] as number;
      const id = interner.findCodes(bytes, start, end, h);
      ids[k] = id !== -1 ? id : this.intern(text.slice(start, end), h);
    }
    if (ids.length !== count) ids.length = count;
    return true;
  }

  /** Interns a token the interner does not hold yet, spelt as read. */
  private intern(token: string, h: number): number {
    const spelt = this.options.lowercase ? token.toLowerCase() : token;
    return this.interner.idOfHashedRange(spelt, 0, spelt.length, h);
  }

  /** The tokens' ranges and hashes into the scratch arrays; their count, or -1 for a text that is not plain ASCII. */
  private scan(text: string): number {
    const n = text.length;
    const { max, lowercase } = this.options;
    this.reserve(Math.min(max, n), n);
    // NOTE: every character below 128 is one byte, anything else two or more, so the text is
    // ASCII exactly when all of it was read into n bytes (the buffer holds at least n).
    const { read, written } = this.encoder.encodeInto(text, this.bytes);
    if (read !== n || written !== n) return -1;
    // NOTE: locals, not fields, and FNV-1a's step written out (hashStep, called here, ran the scan
    // about 3× slower): this is the hot path of reading a big file.
    const { starts, ends, hashes, bytes } = this;
    const fold = lowercase ? LOWERCASE : IDENTITY;
    let count = 0;
    for (let i = 0; i < n; ) {
      const c = bytes[i] as number;
      const k = CLASS[c] as number;
      if (k === UNSUPPORTED) return -1;
      if (k === SPACE || count >= max) {
        i++;
        continue;
      }
      const fc = fold[c] as number;
      bytes[i] = fc;
      let h = Math.imul(FNV_OFFSET ^ fc, FNV_PRIME);
      let j = i + 1;
      // WB5–WB12 as wordEnd applies them, hashing (and lowercasing) each byte taken.
      if (k === LETTER || k === DIGIT) {
        for (let before = k; j < n; ) {
          const d = bytes[j] as number;
          const kd = CLASS[d] as number;
          if (kd === LETTER || kd === DIGIT) {
            const fd = fold[d] as number;
            bytes[j] = fd;
            h = Math.imul(h ^ fd, FNV_PRIME);
            before = kd;
            j++;
            continue;
          }
          if ((kd !== MID_NUM_LET && kd !== MID_NUM) || j + 1 >= n) break;
          const e = bytes[j + 1] as number;
          const ke = CLASS[e] as number;
          const joinsLetters = kd === MID_NUM_LET && before === LETTER && ke === LETTER;
          const joinsDigits = before === DIGIT && ke === DIGIT;
          if (!(joinsLetters || joinsDigits)) break;
          const fe = fold[e] as number;
          bytes[j + 1] = fe;
          h = Math.imul(Math.imul(h ^ d, FNV_PRIME) ^ fe, FNV_PRIME);
          before = ke;
          j += 2;
        }
      }
      starts[count] = i;
      ends[count] = j;
      hashes[count] = h | 0;
      count++;
      i = j;
    }
    return count;
  }

  /** Makes the scratch arrays hold at least `tokens` tokens and `chars` bytes. */
  private reserve(tokens: number, chars: number): void {
    if (chars > this.bytes.length)
      this.bytes = new Uint8Array(Math.max(chars, this.bytes.length * 2));
    if (tokens <= this.starts.length) return;
    const size = Math.max(tokens, this.starts.length * 2);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
    this.hashes = new Int32Array(size);
  }
}
