/** Word tokens of texts whose characters all have known word-break classes (ASCII, Latin letters, typographic quotes and punctuation, Hangul: wordClasses.ts), by the rules of UAX #29 they can meet, without Intl.Segmenter: the same tokens, many times faster on big files. */

import {
  classOfUnit,
  DIGIT,
  HANGUL,
  LETTER,
  MID_LETTER,
  MID_NUM,
  MID_NUM_LET,
  SPACE,
  UNSUPPORTED,
} from './wordClasses.ts';

function classAt(text: string, i: number): number {
  return classOfUnit(text.charCodeAt(i));
}

/** True when every character of `text` is one this path segments exactly as Intl.Segmenter. */
export function isScannable(text: string): boolean {
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
    // WB6/WB7: letter (MidLetter | MidNumLet) letter; WB11/WB12: digit (MidNum | MidNumLet) digit.
    const joinsLetters =
      (c === MID_NUM_LET || c === MID_LETTER) && before === LETTER && after === LETTER;
    const joinsDigits = (c === MID_NUM_LET || c === MID_NUM) && before === DIGIT && after === DIGIT;
    if (!(joinsLetters || joinsDigits)) break;
    j += 2;
  }
  return j;
}

/** The end of the run of Hangul syllables starting at `start`. */
function hangulEnd(text: string, start: number): number {
  let j = start + 1;
  while (j < text.length && classAt(text, j) === HANGUL) j++;
  return j;
}

/** Hands over the first `max` tokens of scannable `text` as `[start, end)` ranges. */
function scanWords(text: string, max: number, take: (start: number, end: number) => void): void {
  let i = 0;
  for (let n = 0; i < text.length && n < max; ) {
    const c = classAt(text, i);
    if (c === SPACE) {
      i++;
      continue;
    }
    const end =
      c === LETTER || c === DIGIT ? wordEnd(text, i) : c === HANGUL ? hangulEnd(text, i) : i + 1;
    take(i, end);
    n++;
    i = end;
  }
}

/**
 * Words and punctuation of scannable `text` (see {@link isScannable}), as `wordTokens` gives
 * them: word-like runs whole, each other character alone, whitespace dropped.
 */
export function scannedWordTokens(text: string): string[] {
  const out: string[] = [];
  scanWords(text, Number.POSITIVE_INFINITY, (start, end) => out.push(text.slice(start, end)));
  return out;
}
