/** A small base64 decoder, so core can turn the embedded kernel bytes into a Uint8Array without DOM or Node APIs. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/**
 * Decodes standard base64 (with '=' padding, no whitespace).
 * @throws Error when the text is not base64.
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  if (text.length % 4 !== 0) {
    throw new Error(`decodeBase64: length must be a multiple of 4, got ${text.length}.`);
  }
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let word = 0;
    for (let j = 0; j < 4; j++) {
      const ch = text.charCodeAt(i + j);
      const v =
        ch === 61 && i + j >= text.length - pad ? 0 : ch < 128 ? (LOOKUP[ch] as number) : -1;
      if (v < 0) {
        throw new Error(`decodeBase64: character ${i + j} must be base64, got '${text[i + j]}'.`);
      }
      word = (word << 6) | v;
    }
    if (o < out.length) out[o++] = (word >> 16) & 0xff;
    if (o < out.length) out[o++] = (word >> 8) & 0xff;
    if (o < out.length) out[o++] = word & 0xff;
  }
  return out;
}
