/** decodeBase64 turns standard base64 into bytes and refuses anything else. */
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './base64.ts';

describe('decodeBase64', () => {
  it("decodes every padding length like Node's Buffer", () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', '\u0000\u00ff\u0080 wasm']) {
      const bytes = new TextEncoder().encode(text);
      const encoded = Buffer.from(bytes).toString('base64');
      expect([...decodeBase64(encoded)]).toEqual([...bytes]);
    }
  });

  it('rejects text that is not base64', () => {
    expect(() => decodeBase64('abc')).toThrow(
      'decodeBase64: length must be a multiple of 4, got 3.',
    );
    expect(() => decodeBase64('ab*d')).toThrow(
      "decodeBase64: character 2 must be base64, got '*'.",
    );
  });
});
