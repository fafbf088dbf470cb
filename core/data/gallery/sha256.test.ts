/** Tests of the streaming SHA-256 against Node's crypto. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Hex } from './sha256.ts';

describe('Sha256', () => {
  it('matches the FIPS 180-4 example and the empty message', () => {
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex(new Uint8Array(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('gives the same digest as node:crypto for any chunking and length', () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 131 + 7) & 0xff);
    for (const n of [55, 56, 63, 64, 65, 119, 120, 1000]) {
      const part = data.subarray(0, n);
      const want = createHash('sha256').update(part).digest('hex');
      const s = new Sha256();
      for (let i = 0; i < n; i += 17) s.update(part.subarray(i, i + 17));
      expect(s.hex()).toBe(want);
    }
  });
});
