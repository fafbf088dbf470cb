/** The word-break classes (UAX #29, as Intl.Segmenter applies them) of the characters whose word tokens are cut without Intl.Segmenter — ASCII, the Latin letters of Latin-1 and Latin Extended-A/B (`café`, `Zürich`, `łódź`), typographic quotes and apostrophes (`don’t`), dashes, `…`, `«»` and the other punctuation and spaces of those blocks, the symbols up to U+2BFF (`€`, `→`, `★`, `♥`), Hangul syllables and jamo — and their lowercase forms. */

// Character classes of UAX #29 for the characters handled without the segmenter.
export const LETTER = 1; // ALetter: A–Z, a–z, Latin letters, Hangul compatibility jamo
export const DIGIT = 2; // Numeric: 0–9
export const MID_NUM_LET = 3; // '.', "'", ’, ‘, ․ (MidNumLet, Single_Quote): join letters to letters, digits to digits
export const MID_NUM = 4; // ',' and ';' (MidNum): join digits to digits
export const SPACE = 5; // ' ', '\t', '\n', '\r', '\v', '\f', no-break and typographic spaces: separators, dropped
export const OTHER = 6; // every other printable character of these blocks, and high surrogates: a token of its own (symbolClusters.ts: with what attaches to it)
export const UNSUPPORTED = 0; // '_' (ExtendNumLet), controls, low surrogates, and every character not named here
export const MID_LETTER = 8; // ·, ‧ and ':' where the runtime's segmenter says so (MidLetter): join letters to letters
/**
 * A Hangul syllable (U+AC00–U+D7A3): ICU's word rules keep a run of them whole and join it to
 * nothing else (`한국123` is `한국`, `123`; `한.국` is three tokens), unlike UAX #29's ALetter.
 */
export const HANGUL = 7;

/** Each ASCII byte's class (bytes from 128 up: unsupported). */
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
              : ch === ':'
                ? colonClass()
                : c > 32 && c < 127 && ch !== '_'
                  ? OTHER
                  : UNSUPPORTED;
}

/**
 * The class of ':' in the runtime's word rules: MidLetter in UAX #29's defaults (`a:b` is one
 * word, `1:2` three tokens), but some locales' rules tailor it; asked of the segmenter once.
 */
function colonClass(): number {
  const words = new Intl.Segmenter(undefined, { granularity: 'word' });
  const count = (text: string) => Array.from(words.segment(text)).length;
  const [letters, digits] = [count('a:b'), count('1:2')];
  if (letters === 1 && digits === 3) return MID_LETTER;
  return letters === 3 && digits === 3 ? OTHER : UNSUPPORTED;
}

/** Code units from here up are outside the tables below. */
export const WIDE_END = 0x2c00;

// [first, last] code points of each class beyond ASCII. Checked against Intl.Segmenter, character
// by character and in random texts, by wordClasses.test.ts, scannedWords.test.ts and
// wordIds.test.ts.
// NOTE: left out (so left to the segmenter): C1 controls, U+00AD (Format), U+00B8, U+200B–U+200F,
// U+202A–U+202F, U+203F, U+2040 and U+2054 (ExtendNumLet), U+2044, U+2060–U+206F (Format,
// unassigned).
const LETTERS: readonly [number, number][] = [
  [0xaa, 0xaa],
  [0xb5, 0xb5],
  [0xba, 0xba],
  [0xc0, 0xd6],
  [0xd8, 0xf6],
  [0xf8, 0x24f],
];
const MID_LETTERS: readonly [number, number][] = [
  [0xb7, 0xb7],
  [0x2027, 0x2027],
];
const MID_NUM_LETS: readonly [number, number][] = [
  [0x2018, 0x2019],
  [0x2024, 0x2024],
];
const SPACES: readonly [number, number][] = [
  [0xa0, 0xa0],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x205f, 0x205f],
];
const OTHERS: readonly [number, number][] = [
  [0xa1, 0xa9],
  [0xab, 0xac],
  [0xae, 0xb4],
  [0xb6, 0xb6],
  [0xb9, 0xb9],
  [0xbb, 0xbf],
  [0xd7, 0xd7],
  [0xf7, 0xf7],
  [0x2010, 0x2017],
  [0x201a, 0x2023],
  [0x2025, 0x2026],
  [0x2030, 0x203e],
  [0x2041, 0x2043],
  [0x2045, 0x2053],
  [0x2055, 0x205e],
];

/**
 * Currency, letterlike and number forms, arrows, mathematical and technical symbols, enclosed
 * numbers, box drawing, shapes, and the symbols and dingbats emoji come from (`€`, `→`, `①`, `─`,
 * `★`, `♥`, `⚽`, `✅`), each a token of its own; not the letters among them (Alphabetic: `ℓ`,
 * `Ⅻ`, `Ⓐ`), marks, format, space and unassigned characters, which are left to the segmenter.
 */
const SYMBOLS: readonly [number, number][] = [
  [0x20a0, 0x20c0],
  [0x2100, 0x2101],
  [0x2103, 0x2106],
  [0x2108, 0x2109],
  [0x2114, 0x2114],
  [0x2116, 0x2118],
  [0x211e, 0x2123],
  [0x2125, 0x2125],
  [0x2127, 0x2127],
  [0x2129, 0x2129],
  [0x212e, 0x212e],
  [0x213a, 0x213b],
  [0x2140, 0x2144],
  [0x214a, 0x214d],
  [0x214f, 0x215f],
  [0x2189, 0x218b],
  [0x2190, 0x2429],
  [0x2440, 0x244a],
  [0x2460, 0x24b5],
  [0x24ea, 0x2b73],
  [0x2b76, 0x2bff],
];

/** Each code unit's class below {@link WIDE_END} (0 for one left to the segmenter). */
export function wideClasses(): Uint8Array {
  const classes = new Uint8Array(WIDE_END);
  classes.set(CLASS.subarray(0, 128));
  const fill = (ranges: readonly [number, number][], k: number) => {
    for (const [first, last] of ranges) classes.fill(k, first, last + 1);
  };
  fill(LETTERS, LETTER);
  fill(MID_NUM_LETS, MID_NUM_LET);
  fill(MID_LETTERS, MID_LETTER);
  fill(SPACES, SPACE);
  fill(OTHERS, OTHER);
  fill(SYMBOLS, OTHER);
  return classes;
}

/**
 * Each code unit below {@link WIDE_END} as `toLowerCase` spells it (`lowercase`) or itself; 0 (a
 * class left to the segmenter) where its lowercase form is not one code unit of the same class
 * below {@link WIDE_END} (`İ` lowercases to two, `Ɓ` to an IPA letter).
 */
export function wideFold(classes: Uint8Array, lowercase: boolean): Uint16Array {
  const fold = new Uint16Array(WIDE_END);
  for (let u = 0; u < WIDE_END; u++) {
    if (!lowercase || (classes[u] as number) === UNSUPPORTED) {
      fold[u] = u;
      continue;
    }
    const lower = String.fromCharCode(u).toLowerCase();
    const l = lower.charCodeAt(0);
    fold[u] = lower.length === 1 && l < WIDE_END && classes[l] === classes[u] ? l : 0;
  }
  return fold;
}

/** {@link wideClasses}, for {@link classOfUnit}. */
const WIDE = wideClasses();

/**
 * The class of a UTF-16 code unit: below {@link WIDE_END} by {@link wideClasses}, Hangul syllables
 * their own, a high surrogate OTHER (the emoji it starts is checked by symbolClusters.ts), Hangul
 * compatibility jamo (U+3131–U+318E: `ㅋㅋ`, `ㅠㅠ`) letters like A–Z, anything else unsupported.
 */
export function classOfUnit(u: number): number {
  if (u < WIDE_END) return WIDE[u] as number;
  if (u >= 0xac00 && u <= 0xd7a3) return HANGUL;
  if (u >= 0xd800 && u <= 0xdbff) return OTHER;
  return u >= 0x3131 && u <= 0x318e ? LETTER : UNSUPPORTED;
}
