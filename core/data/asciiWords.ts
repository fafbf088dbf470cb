/** Word tokens of plain-ASCII text by the Unicode word-boundary rules (UAX #29) that ASCII can meet, without Intl.Segmenter: the same tokens, many times faster on big files. */

// Character classes of UAX #29 for the ASCII characters this path handles.
export const LETTER = 1; // ALetter: A–Z, a–z
export const DIGIT = 2; // Numeric: 0–9
export const MID_NUM_LET = 3; // '.' and "'" (MidNumLet, Single_Quote): join letters to letters, digits to digits
export const MID_NUM = 4; // ',' and ';' (MidNum): join digits to digits
export const SPACE = 5; // ' ', '\t', '\n', '\r', '\v', '\f': separators, dropped
export const OTHER = 6; // every other printable character: a token of its own
export const UNSUPPORTED = 0; // non-ASCII, '_' (ExtendNumLet), ':' (MidLetter in some tailorings), controls

/** Each byte's class (bytes from 128 up: unsupported). */
export const CLASS = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  // NOTE: code comparisons, not regular expressions: this runs at every start.
  CLASS[c] =
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
      ? LETTER
      : c >= 48 && c <= 57
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
