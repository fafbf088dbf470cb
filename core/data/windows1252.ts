/** A windows-1252 decoder (Latin-1 plus the 0x80–0x9F punctuation), exact on every runtime. */

// NOTE: Node 20's TextDecoder('windows-1252') decodes whole buffers as ISO-8859-1 (0x96 becomes
// U+0096, not '–'), so the 32 bytes where the two differ are mapped here, as the WHATWG
// Encoding Standard's index-windows-1252 gives them (0x81, 0x8D, 0x8F, 0x90, 0x9D map to C1).
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** True for the five bytes windows-1252 leaves undefined (decoded as C1 controls). */
export function isUndefined1252(byte: number): boolean {
  return byte === 0x81 || byte === 0x8d || byte === 0x8f || byte === 0x90 || byte === 0x9d;
}

/** Decodes windows-1252 bytes; single-byte, so chunks need no carry-over. */
export class Windows1252Decoder {
  readonly encoding = 'windows-1252';

  decode(input: Uint8Array = new Uint8Array(0)): string {
    let out = '';
    const CHUNK = 8192;
    for (let i = 0; i < input.length; i += CHUNK) {
      const end = Math.min(input.length, i + CHUNK);
      const codes = new Array<number>(end - i);
      for (let k = i; k < end; k++) {
        const b = input[k] as number;
        codes[k - i] = b >= 0x80 && b < 0xa0 ? (HIGH[b - 0x80] as number) : b;
      }
      out += String.fromCharCode(...codes);
    }
    return out;
  }
}
