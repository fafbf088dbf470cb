/** Where an emoji or a symbol and what attaches to it end, as Intl.Segmenter's word rules (WB3c, WB4, WB15/16) and grapheme rules (GB9, GB11, GB12/13) cut them together: `❤️`, `👏🏻`, `👨‍👩‍👧` and `🇪🇸` are one token each; a sequence these rules do not settle here is left to the segmenter. */

import { WIDE_END } from './wordClasses.ts';

/** U+FE0F VARIATION SELECTOR-16 (Extend): asks for the emoji presentation. */
const VS16 = 0xfe0f;
/** U+200D ZERO WIDTH JOINER: joins two pictographs into one (WB3c, GB11). */
const ZWJ = 0x200d;
// NOTE: the [first, last] code points of Extended_Pictographic below U+2C00 and, among the emoji
// blocks U+1F000–U+1FAFF, those that are not letters (Alphabetic: 🅰), regional indicators or skin
// tones; symbolClusters.test.ts checks both against the runtime's \p{Extended_Pictographic}.
const BMP_PICTOGRAPHS = [
  0xa9, 0xa9, 0xae, 0xae, 0x203c, 0x203c, 0x2049, 0x2049, 0x2122, 0x2122, 0x2139, 0x2139, 0x2194,
  0x2199, 0x21a9, 0x21aa, 0x231a, 0x231b, 0x2328, 0x2328, 0x23cf, 0x23cf, 0x23e9, 0x23f3, 0x23f8,
  0x23fa, 0x24c2, 0x24c2, 0x25aa, 0x25ab, 0x25b6, 0x25b6, 0x25c0, 0x25c0, 0x25fb, 0x25fe, 0x2600,
  0x2604, 0x260e, 0x260e, 0x2611, 0x2611, 0x2614, 0x2615, 0x2618, 0x2618, 0x261d, 0x261d, 0x2620,
  0x2620, 0x2622, 0x2623, 0x2626, 0x2626, 0x262a, 0x262a, 0x262e, 0x262f, 0x2638, 0x263a, 0x2640,
  0x2640, 0x2642, 0x2642, 0x2648, 0x2653, 0x265f, 0x2660, 0x2663, 0x2663, 0x2665, 0x2666, 0x2668,
  0x2668, 0x267b, 0x267b, 0x267e, 0x267f, 0x2692, 0x2697, 0x2699, 0x2699, 0x269b, 0x269c, 0x26a0,
  0x26a1, 0x26a7, 0x26a7, 0x26aa, 0x26ab, 0x26b0, 0x26b1, 0x26bd, 0x26be, 0x26c4, 0x26c5, 0x26c8,
  0x26c8, 0x26ce, 0x26cf, 0x26d1, 0x26d1, 0x26d3, 0x26d4, 0x26e9, 0x26ea, 0x26f0, 0x26f5, 0x26f7,
  0x26fa, 0x26fd, 0x26fd, 0x2702, 0x2702, 0x2705, 0x2705, 0x2708, 0x270d, 0x270f, 0x270f, 0x2712,
  0x2712, 0x2714, 0x2714, 0x2716, 0x2716, 0x271d, 0x271d, 0x2721, 0x2721, 0x2728, 0x2728, 0x2733,
  0x2734, 0x2744, 0x2744, 0x2747, 0x2747, 0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755, 0x2757,
  0x2757, 0x2763, 0x2764, 0x2795, 0x2797, 0x27a1, 0x27a1, 0x27b0, 0x27b0, 0x27bf, 0x27bf, 0x2934,
  0x2935, 0x2b05, 0x2b07, 0x2b1b, 0x2b1c, 0x2b50, 0x2b50, 0x2b55, 0x2b55,
];
const EMOJI = [
  0x1f004, 0x1f004, 0x1f02c, 0x1f02f, 0x1f094, 0x1f09f, 0x1f0af, 0x1f0b0, 0x1f0c0, 0x1f0c0, 0x1f0cf,
  0x1f0d0, 0x1f0f6, 0x1f0ff, 0x1f18e, 0x1f18e, 0x1f191, 0x1f19a, 0x1f1ae, 0x1f1e5, 0x1f201, 0x1f20f,
  0x1f21a, 0x1f21a, 0x1f22f, 0x1f22f, 0x1f232, 0x1f23a, 0x1f23c, 0x1f23f, 0x1f249, 0x1f25f, 0x1f266,
  0x1f321, 0x1f324, 0x1f393, 0x1f396, 0x1f397, 0x1f399, 0x1f39b, 0x1f39e, 0x1f3f0, 0x1f3f3, 0x1f3f5,
  0x1f3f7, 0x1f3fa, 0x1f400, 0x1f4fd, 0x1f4ff, 0x1f53d, 0x1f549, 0x1f54e, 0x1f550, 0x1f567, 0x1f56f,
  0x1f570, 0x1f573, 0x1f57a, 0x1f587, 0x1f587, 0x1f58a, 0x1f58d, 0x1f590, 0x1f590, 0x1f595, 0x1f596,
  0x1f5a4, 0x1f5a5, 0x1f5a8, 0x1f5a8, 0x1f5b1, 0x1f5b2, 0x1f5bc, 0x1f5bc, 0x1f5c2, 0x1f5c4, 0x1f5d1,
  0x1f5d3, 0x1f5dc, 0x1f5de, 0x1f5e1, 0x1f5e1, 0x1f5e3, 0x1f5e3, 0x1f5e8, 0x1f5e8, 0x1f5ef, 0x1f5ef,
  0x1f5f3, 0x1f5f3, 0x1f5fa, 0x1f64f, 0x1f680, 0x1f6c5, 0x1f6cb, 0x1f6d2, 0x1f6d5, 0x1f6e5, 0x1f6e9,
  0x1f6e9, 0x1f6eb, 0x1f6f0, 0x1f6f3, 0x1f6ff, 0x1f7da, 0x1f7ff, 0x1f80c, 0x1f80f, 0x1f848, 0x1f84f,
  0x1f85a, 0x1f85f, 0x1f888, 0x1f88f, 0x1f8ae, 0x1f8af, 0x1f8bc, 0x1f8bf, 0x1f8c2, 0x1f8cf, 0x1f8d9,
  0x1f8ff, 0x1f90c, 0x1f93a, 0x1f93c, 0x1f945, 0x1f947, 0x1f9ff, 0x1fa58, 0x1fa5f, 0x1fa6e, 0x1faff,
];

const ASTRAL_START = 0x1f000;
const ASTRAL_END = 0x1fb00;
/** Kinds of astral code points in {@link ASTRAL}: 0 left to the segmenter. */
const PICTOGRAPH = 1;
const REGIONAL = 2;
const SKIN_TONE = 3;

function flags(size: number, offset: number, ranges: readonly number[], kind: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let k = 0; k < ranges.length; k += 2) {
    out.fill(kind, (ranges[k] as number) - offset, (ranges[k + 1] as number) - offset + 1);
  }
  return out;
}

/** 1 where a code unit below {@link WIDE_END} is Extended_Pictographic. */
const PICTOGRAPHIC = flags(WIDE_END, 0, BMP_PICTOGRAPHS, 1);
/** The kind of each code point of U+1F000–U+1FAFF. */
const ASTRAL = flags(ASTRAL_END - ASTRAL_START, ASTRAL_START, EMOJI, PICTOGRAPH);
ASTRAL.fill(REGIONAL, 0x1f1e6 - ASTRAL_START, 0x1f1ff - ASTRAL_START + 1);
ASTRAL.fill(SKIN_TONE, 0x1f3fb - ASTRAL_START, 0x1f3ff - ASTRAL_START + 1);

/** The code units of a text: a string's or an array's, read by index. */
export type Units = { readonly [index: number]: number } | string;

function unitAt(units: Units, i: number): number {
  return typeof units === 'string' ? units.charCodeAt(i) : (units[i] as number);
}

/** The kind of the surrogate pair at `units[i]` (< `n`) in {@link ASTRAL}, 0 for any other. */
function astralAt(units: Units, i: number, n: number): number {
  if (i + 1 >= n) return 0;
  const hi = unitAt(units, i);
  const lo = unitAt(units, i + 1);
  if (hi < 0xd800 || hi > 0xdbff || lo < 0xdc00 || lo > 0xdfff) return 0;
  const cp = ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  return cp >= ASTRAL_START && cp < ASTRAL_END ? (ASTRAL[cp - ASTRAL_START] as number) : 0;
}

/**
 * The end of the token that starts at `units[i]` (< `n`): a symbol (a unit of class OTHER) or an
 * emoji (a surrogate pair) with the variation selectors and skin tones after it, a pictograph
 * joined to the next by ZWJ, or a pair of regional indicators (a flag); -1 for what is left to the
 * segmenter (any other astral character, a lone surrogate, ZWJ after a symbol that is not a
 * pictograph or before one that is not, anything attached to a flag).
 */
export function symbolEnd(units: Units, i: number, n: number): number {
  const u = unitAt(units, i);
  let end = i + 1;
  let pictograph = u < WIDE_END && PICTOGRAPHIC[u] === 1;
  if (u >= 0xd800 && u <= 0xdbff) {
    const kind = astralAt(units, i, n);
    if (kind === REGIONAL) {
      end = astralAt(units, i + 2, n) === REGIONAL ? i + 4 : i + 2;
      const next = end < n ? unitAt(units, end) : 0;
      return next === VS16 || next === ZWJ || astralAt(units, end, n) === SKIN_TONE ? -1 : end;
    }
    if (kind !== PICTOGRAPH) return -1;
    end = i + 2;
    pictograph = true;
  }
  while (end < n) {
    const v = unitAt(units, end);
    if (v === VS16) {
      end++;
    } else if (astralAt(units, end, n) === SKIN_TONE) {
      end += 2;
    } else if (v === ZWJ) {
      if (!pictograph || end + 1 >= n) return -1;
      const w = unitAt(units, end + 1);
      if (w < WIDE_END && PICTOGRAPHIC[w] === 1) end += 2;
      else if (astralAt(units, end + 1, n) === PICTOGRAPH) end += 3;
      else return -1;
    } else break;
  }
  return end;
}
